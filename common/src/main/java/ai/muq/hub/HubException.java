package ai.muq.hub;

import java.io.IOException;

/** A model hub failure a user can act on, in one line (no network, 401, unknown repo, bad file). */
public class HubException extends IOException {

  public HubException(String message) {
    super(message);
  }

  public HubException(String message, Throwable cause) {
    super(message, cause);
  }
}
