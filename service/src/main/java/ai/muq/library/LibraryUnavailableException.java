package ai.muq.library;

import java.time.Duration;
import java.util.Objects;

/**
 * The library's storage cannot serve this request right now (e.g. the search cluster is
 * unreachable or has too few live replicas). The REST layer answers 503 with {@code Retry-After}.
 * A write that ends with this exception may or may not have been applied: writes are idempotent
 * (upsert by id), so the caller retries.
 */
public class LibraryUnavailableException extends RuntimeException {

  private final Duration retryAfter;

  public LibraryUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative()) {
      throw new IllegalArgumentException("retryAfter must not be negative");
    }
  }

  /** How long a client should wait before retrying. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
