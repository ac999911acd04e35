package ai.muq.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The latency budget with fake service times: no clock, no threads. */
class QueueBudgetTest {

  static final long MS = 1_000_000L;

  @Test
  void admitsEverythingUntilTheFirstRunIsMeasured() {
    QueueBudget b = new QueueBudget(Duration.ofSeconds(2));
    assertThat(b.nanosPerItem()).isZero();
    assertThat(b.retryAfterSeconds(10_000)).isZero();
  }

  @Test
  void perItemTimeIsTheRunTimeOverTheBatchSizeAveragedWithWeightAlpha() {
    QueueBudget b = new QueueBudget(Duration.ofSeconds(2));
    b.recordRun(8, 400 * MS); // 50 ms per item: the first run sets it
    assertThat(b.nanosPerItem()).isEqualTo(50.0 * MS);
    b.recordRun(1, 150 * MS); // 150 ms per item: moves by ALPHA of the difference
    assertThat(b.nanosPerItem()).isCloseTo((50 + QueueBudget.ALPHA * 100) * MS, org.assertj.core.data.Offset.offset(1.0));
    b.recordRun(0, 999 * MS); // nothing run: ignored
    assertThat(b.nanosPerItem()).isCloseTo((50 + QueueBudget.ALPHA * 100) * MS, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void admitsWhileTheExpectedWaitIsWithinTheBudgetAndComputesRetryAfterFromTheDrainRate() {
    QueueBudget b = new QueueBudget(Duration.ofSeconds(2));
    b.recordRun(4, 400 * MS); // 100 ms per item
    assertThat(b.expectedWaitNanos(20)).isEqualTo(2000 * MS);
    assertThat(b.retryAfterSeconds(20)).isZero(); // exactly the budget: admitted
    assertThat(b.retryAfterSeconds(21)).isEqualTo(1); // 100 ms over: at least a second
    assertThat(b.retryAfterSeconds(30)).isEqualTo(1); // 1.0 s over
    assertThat(b.retryAfterSeconds(31)).isEqualTo(2); // 1.1 s over: rounded up
    assertThat(b.retryAfterSeconds(120)).isEqualTo(10); // 10 s of excess work
  }

  @Test
  void refusesANonPositiveBudget() {
    assertThatThrownBy(() -> new QueueBudget(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
