package ai.muq.inference;

/** The caller of a request closed its connection while the request waited for a model. */
public final class ClientGoneException extends java.util.concurrent.CancellationException {

  public ClientGoneException(String model) {
    super("the client closed the connection while waiting for model " + model + "; its queued work was dropped");
  }
}
