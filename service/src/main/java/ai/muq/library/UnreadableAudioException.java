package ai.muq.library;

/** Uploaded or stored audio that cannot be decoded or is outside the limits. */
public final class UnreadableAudioException extends RuntimeException {

  /** Why; mirrors the audio loader's failure kinds. */
  public enum Reason { UNSUPPORTED_FORMAT, CORRUPT, EMPTY, TOO_LARGE, TOO_LONG }

  private final Reason reason;

  public UnreadableAudioException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public UnreadableAudioException(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
