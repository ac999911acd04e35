package ai.muq.inference;

/** A bundle the service cannot serve; the message says why in one line. */
public final class BundleRefusedException extends Exception {

  public BundleRefusedException(String reason) {
    super(reason);
  }

  public BundleRefusedException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
