package ai.muq.api;

import ai.muq.audio.AudioException;
import java.net.URI;

/**
 * Every problem type the API answers with (RFC 9457), for every endpoint: embeddings, tagging and
 * the library alike. The URIs are stable: clients may switch on them; the contract
 * (api-spec/openapi.yaml) lists each once under the Problem schema.
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
  TRACK_NOT_INDEXED_FOR_MODEL("track-not-indexed-for-model", 409, "Track embedded by another model"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
  NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
  PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
  AUDIO_TOO_LONG("audio-too-long", 413, "Audio too long"),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
  CORRUPT_AUDIO("corrupt-audio", 422, "Corrupt audio"),
  EMPTY_AUDIO("empty-audio", 422, "Empty audio"),
  TEXT_TOO_LONG("text-too-long", 422, "Text too long"),
  /** A library request that breaks an invariant (answered with 400 for a syntax error). */
  INVALID_REQUEST("invalid-request", 422, "Invalid request"),
  MODEL_NOT_CAPABLE("model-not-capable", 422, "Model cannot do this"),
  OVERLOADED("overloaded", 503, "Overloaded"),
  TIMEOUT("timeout", 503, "Timed out"),
  NOT_READY("not-ready", 503, "Not ready"),
  LIBRARY_UNAVAILABLE("library-unavailable", 503, "Library temporarily unavailable"),
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

  /** The one mapping of audio failures, the same for uploads to any endpoint. */
  public static ProblemType of(AudioException.Kind kind) {
    return switch (kind) {
      case UNSUPPORTED_FORMAT -> UNSUPPORTED_MEDIA_TYPE;
      case CORRUPT -> CORRUPT_AUDIO;
      case EMPTY -> EMPTY_AUDIO;
      case TOO_LARGE -> PAYLOAD_TOO_LARGE;
      case TOO_LONG -> AUDIO_TOO_LONG;
    };
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
