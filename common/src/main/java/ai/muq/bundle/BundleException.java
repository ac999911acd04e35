package ai.muq.bundle;

import java.io.IOException;
import java.nio.file.Path;

/** A bundle that cannot be used (an I/O failure of a kind); the message says why in one line. */
public class BundleException extends IOException {

  public BundleException(String reason) {
    super(reason);
  }

  public BundleException(String reason, Throwable cause) {
    super(reason, cause);
  }

  /** The one line the service logs and {@code eval} prints when a bundle is refused. */
  public static String refusal(Object where, String reason) {
    return "Refusing bundle " + (where instanceof Path p ? p.toString() : String.valueOf(where)) + ": " + reason;
  }
}
