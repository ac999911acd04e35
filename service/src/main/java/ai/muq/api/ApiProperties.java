package ai.muq.api;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * HTTP API settings ({@code muq.api.*}).
 *
 * @param key the API key; when set, every {@code /v1} call except the contract needs {@code
 *     Authorization: Bearer <key>}; empty (the default) turns authentication off
 * @param maxAudioBytes largest accepted encoded audio (upload part or decoded data URI)
 * @param maxAudioSeconds longest accepted audio
 * @param maxInputs most inputs in one embeddings or similarity request
 * @param cors cross-origin settings
 * @param clientGoneCheckInterval how often requests waiting for a model check whether their client
 *     closed the connection (then their queued work is dropped); 0 turns the check off
 */
@ConfigurationProperties("muq.api")
public record ApiProperties(
    @DefaultValue("") String key,
    @DefaultValue("50MB") DataSize maxAudioBytes,
    @DefaultValue("900") double maxAudioSeconds,
    @DefaultValue("256") int maxInputs,
    @DefaultValue Cors cors,
    @DefaultValue("100ms") java.time.Duration clientGoneCheckInterval) {

  /**
   * @param allowedOrigins origins allowed to call the API from a browser; empty turns CORS off
   * @param allowedMethods allowed methods
   * @param allowedHeaders allowed request headers
   * @param maxAgeSeconds how long browsers may cache a preflight answer
   */
  public record Cors(
      @DefaultValue List<String> allowedOrigins,
      @DefaultValue({"GET", "POST", "PATCH", "DELETE"}) List<String> allowedMethods,
      @DefaultValue({"Authorization", "Content-Type", "X-Request-Id"}) List<String> allowedHeaders,
      @DefaultValue("3600") long maxAgeSeconds) {}
}
