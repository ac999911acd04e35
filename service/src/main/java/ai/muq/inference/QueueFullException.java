package ai.muq.inference;

/** A model's queue is full or over its latency budget: the caller should retry after {@link #retryAfterSeconds()}. */
public final class QueueFullException extends RuntimeException {

  private final String model;
  private final long retryAfterSeconds;

  public QueueFullException(String model, long retryAfterSeconds) {
    this(model, "the queue of model " + model + " is full", retryAfterSeconds);
  }

  public QueueFullException(String model, String message, long retryAfterSeconds) {
    super(message);
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
