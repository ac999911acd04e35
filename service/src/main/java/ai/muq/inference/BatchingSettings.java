package ai.muq.inference;

import java.time.Duration;
import java.util.Objects;

/**
 * How one model's micro-batcher merges requests.
 *
 * @param maxBatchSize most items in one model run (at least 1)
 * @param maxQueueDelay longest an item waits for company before its batch runs
 * @param queueCapacity most items waiting; beyond it submissions are refused (503)
 * @param requestTimeout longest a caller waits for its result before giving up (503)
 * @param maxQueueTime latency budget of the queue: work is admitted only while its expected wait
 *     (items ahead times the measured service time per item) is within it, else refused (503)
 */
public record BatchingSettings(
    int maxBatchSize, Duration maxQueueDelay, int queueCapacity, Duration requestTimeout,
    Duration maxQueueTime) {

  public BatchingSettings {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max batch size must be at least 1: " + maxBatchSize);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity must be at least 1: " + queueCapacity);
    }
    Objects.requireNonNull(maxQueueDelay, "maxQueueDelay");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(maxQueueTime, "maxQueueTime");
    if (maxQueueDelay.isNegative() || requestTimeout.isNegative() || requestTimeout.isZero()
        || maxQueueTime.isNegative() || maxQueueTime.isZero()) {
      throw new IllegalArgumentException("delays must be positive");
    }
  }
}
