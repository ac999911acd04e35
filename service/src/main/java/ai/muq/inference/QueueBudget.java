package ai.muq.inference;

import java.time.Duration;

/**
 * Latency budget of one model queue: admits work only while the wait it can expect, the items ahead
 * of it times the measured service time per item, stays within {@code maxQueueTime}.
 *
 * <p>The service time per item is an exponentially weighted moving average of each run's duration
 * divided by its batch size, so it follows the batch sizes that the present load produces (full
 * batches under load are cheaper per item than single runs). Until the first run is measured every
 * item is admitted; the queue's capacity stays the hard bound. Thread-safe; takes durations, not a
 * clock, so tests feed it fake service times.
 */
public final class QueueBudget {

  /** Weight of the newest run in the moving average. */
  static final double ALPHA = 0.2;

  private final long maxQueueNanos;
  private double nanosPerItem; // 0 until the first run is measured

  public QueueBudget(Duration maxQueueTime) {
    if (maxQueueTime.isNegative() || maxQueueTime.isZero()) {
      throw new IllegalArgumentException("max queue time must be positive: " + maxQueueTime);
    }
    this.maxQueueNanos = maxQueueTime.toNanos();
  }

  /** Records one run of {@code items} items that took {@code nanos}. */
  public synchronized void recordRun(int items, long nanos) {
    if (items < 1 || nanos < 0) {
      return;
    }
    double sample = (double) nanos / items;
    nanosPerItem = nanosPerItem == 0 ? sample : nanosPerItem + ALPHA * (sample - nanosPerItem);
  }

  /** The measured service time per item, 0 before any run. */
  public synchronized double nanosPerItem() {
    return nanosPerItem;
  }

  /** Expected wait of an item arriving behind {@code ahead} queued or running items. */
  public synchronized long expectedWaitNanos(int ahead) {
    return Math.round(ahead * nanosPerItem);
  }

  /**
   * Whole seconds to wait before an item arriving behind {@code ahead} items is admitted
   * (0: admit now): the time the queue needs, draining at the measured rate, to come back within
   * the budget, rounded up to at least one second.
   */
  public synchronized long retryAfterSeconds(int ahead) {
    long over = expectedWaitNanos(ahead) - maxQueueNanos;
    if (over <= 0) {
      return 0;
    }
    return Math.max(1, (over + 999_999_999L) / 1_000_000_000L);
  }

  public long maxQueueNanos() {
    return maxQueueNanos;
  }
}
