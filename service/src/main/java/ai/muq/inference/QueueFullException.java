package ai.muq.inference;

/** A model's queue is full: the caller should retry after {@link #retryAfterSeconds()}. */
public final class QueueFullException extends RuntimeException {

  private final String model;
  private final long retryAfterSeconds;

  public QueueFullException(String model, long retryAfterSeconds) {
    super("the queue of model " + model + " is full");
    this.model = model;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public String model() {
    return model;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
