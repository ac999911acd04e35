package ai.muq.inference;

/** A request waited longer than the configured request timeout for its model results. */
public final class InferenceTimeoutException extends RuntimeException {

  public InferenceTimeoutException(String model, java.time.Duration timeout) {
    super("model " + model + " did not answer within " + timeout.toMillis() + " ms");
  }
}
