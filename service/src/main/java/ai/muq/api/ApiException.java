package ai.muq.api;

import java.util.Objects;

/**
 * A caller-visible failure with its problem type; the message is the problem's {@code detail}, one
 * readable sentence with no internals.
 */
public class ApiException extends RuntimeException {

  private final ProblemType type;
  private final Long retryAfterSeconds;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  public ApiException(ProblemType type, String detail, Long retryAfterSeconds) {
    super(detail);
    this.type = Objects.requireNonNull(type, "type");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public ProblemType type() {
    return type;
  }

  /** Seconds for a Retry-After header, or null for none. */
  public Long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
