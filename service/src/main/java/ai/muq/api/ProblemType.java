package ai.muq.api;

import java.net.URI;

/**
 * Every problem type the API answers with (RFC 9457). The URIs are stable: clients may switch on
 * them; the contract (api-spec/openapi.yaml) lists them under the Problem schema.
 */
public enum ProblemType {
  MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
  INVALID_PARAMETER("invalid-parameter", 400, "Invalid parameter"),
  UNSUPPORTED_PARAMETER("unsupported-parameter", 400, "Unsupported parameter"),
  UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
  NOT_FOUND("not-found", 404, "Not found"),
  UNKNOWN_MODEL("unknown-model", 404, "Unknown model"),
  UNKNOWN_VOCABULARY("unknown-vocabulary", 404, "Unknown vocabulary"),
  TRACK_NOT_FOUND("track-not-found", 404, "Track not found"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
  PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
  AUDIO_TOO_LONG("audio-too-long", 413, "Audio too long"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  CORRUPT_AUDIO("corrupt-audio", 422, "Corrupt audio"),
  EMPTY_AUDIO("empty-audio", 422, "Empty audio"),
  TEXT_TOO_LONG("text-too-long", 422, "Text too long"),
  MODEL_NOT_CAPABLE("model-not-capable", 422, "Model cannot do this"),
  OVERLOADED("overloaded", 503, "Overloaded"),
  TIMEOUT("timeout", 503, "Timed out"),
  NOT_READY("not-ready", 503, "Not ready"),
  INTERNAL("internal", 500, "Internal error");

  /** Prefix of every problem type URI. */
  public static final String BASE = "https://muq.ai/problems/";

  private final URI uri;
  private final int status;
  private final String title;

  ProblemType(String slug, int status, String title) {
    this.uri = URI.create(BASE + slug);
    this.status = status;
    this.title = title;
  }

  public URI uri() {
    return uri;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }
}
