package ai.muq.audio;

import java.io.Serial;
import java.util.Objects;

/**
 * Why audio was refused. The message is one readable line meant for the caller's user; {@link
 * #kind()} is what a service maps to an HTTP status.
 */
public class AudioException extends Exception {

  @Serial private static final long serialVersionUID = 1L;

  /** The reason class, each with the HTTP status a service should answer with. */
  public enum Kind {
    /** 415: the bytes are a format (or codec) this decoder does not handle. */
    UNSUPPORTED_FORMAT(415),
    /** 422: the bytes are not a readable audio file: garbage, truncated or inconsistent. */
    CORRUPT(422),
    /** 422: no input bytes, or a well-formed file with zero samples. */
    EMPTY(422),
    /** 413: the encoded input exceeds {@link AudioLimits#maxBytes()}. */
    TOO_LARGE(413),
    /** 413: the audio exceeds {@link AudioLimits#maxSeconds()}. */
    TOO_LONG(413);

    private final int httpStatus;

    Kind(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status a service answers with for this kind. */
    public int httpStatus() {
      return httpStatus;
    }
  }

  private final Kind kind;

  public AudioException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public AudioException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
