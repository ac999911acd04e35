package ai.muq.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batcher with an in-process "model" behind the same interface the ONNX graphs use. */
class MicroBatcherTest {

  /** A deterministic per-item function: what a model gives an item alone. */
  static float[] model(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) Math.tanh(x[i] * 1.5 + i);
    }
    return y;
  }

  /** The fake batched model: records batch sizes, computes each row independently. */
  static final class FakeModel implements BatchFunction<float[], float[]> {
    final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    volatile CountDownLatch gate;
    final AtomicInteger items = new AtomicInteger();

    @Override
    public List<float[]> apply(List<float[]> batch) throws Exception {
      if (gate != null) {
        gate.await(5, TimeUnit.SECONDS);
      }
      sizes.add(batch.size());
      items.addAndGet(batch.size());
      List<float[]> out = new ArrayList<>();
      for (float[] x : batch) {
        out.add(model(x));
      }
      return out;
    }
  }

  /** Settings whose latency budget (an hour) never sheds; the budget has its own tests. */
  static BatchingSettings settings(int maxBatch, int delayMs, int capacity, int timeoutMs) {
    return new BatchingSettings(maxBatch, Duration.ofMillis(delayMs), capacity,
        Duration.ofMillis(timeoutMs), Duration.ofHours(1));
  }

  static float[] input(int seed) {
    float[] x = new float[8];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(seed * 7.3 + i);
    }
    return x;
  }

  @Test
  void concurrentCallersShareBatchesAndGetTheirOwnResults() throws Exception {
    FakeModel fake = new FakeModel();
    var registry = new SimpleMeterRegistry();
    try (var batcher = new MicroBatcher<>("fake", "g", fake, settings(8, 50, 64, 5000), registry);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<float[]>> futures = new ArrayList<>();
      CountDownLatch start = new CountDownLatch(1);
      for (int i = 0; i < 32; i++) {
        int seed = i;
        futures.add(pool.submit(() -> {
          start.await();
          return batcher.run(input(seed));
        }));
      }
      start.countDown();
      for (int i = 0; i < 32; i++) {
        assertThat(futures.get(i).get()).containsExactly(model(input(i)));
      }
    }
    assertThat(fake.items.get()).isEqualTo(32);
    assertThat(fake.sizes).allMatch(s -> s <= 8);
    assertThat(Collections.max(fake.sizes)).as("some batch merged several callers").isGreaterThan(1);
    var summary = registry.get("muq.inference.batch.size").summary();
    assertThat(summary.count()).isEqualTo(fake.sizes.size());
    assertThat(summary.max()).isEqualTo(Collections.max(fake.sizes).doubleValue());
  }

  @Test
  void runAllKeepsOrder() {
    FakeModel fake = new FakeModel();
    try (var batcher = new MicroBatcher<>("fake", "g", fake, settings(4, 1, 64, 5000),
        new SimpleMeterRegistry())) {
      List<float[]> in = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        in.add(input(i));
      }
      List<float[]> out = batcher.runAll(in);
      for (int i = 0; i < 10; i++) {
        assertThat(out.get(i)).containsExactly(model(in.get(i)));
      }
      assertThat(fake.sizes).allMatch(s -> s <= 4);
    }
  }

  @Test
  void fullQueueRefusesAtOnceAndCounts() throws Exception {
    FakeModel fake = new FakeModel();
    fake.gate = new CountDownLatch(1);
    var registry = new SimpleMeterRegistry();
    try (var batcher = new MicroBatcher<>("fake", "g", fake, settings(1, 0, 2, 5000), registry)) {
      CompletableFuture<float[]> running = batcher.submit(input(0));
      // wait until the worker holds the first item (blocked on the gate), so the queue is empty
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (batcher.queueDepth() > 0 && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      Thread.sleep(20);
      batcher.submit(input(1));
      batcher.submit(input(2));
      assertThat(batcher.queueDepth()).isEqualTo(2);
      assertThat(registry.get("muq.inference.queue.depth").gauge().value()).isEqualTo(2.0);
      assertThatThrownBy(() -> batcher.submit(input(3)))
          .isInstanceOf(QueueFullException.class)
          .satisfies(e -> assertThat(((QueueFullException) e).retryAfterSeconds()).isPositive());
      assertThat(registry.get("muq.inference.rejections").tag("reason", "queue_full").counter().count())
          .isEqualTo(1.0);
      fake.gate.countDown();
      assertThat(running.get(5, TimeUnit.SECONDS)).containsExactly(model(input(0)));
    }
  }

  /**
   * Shedding with fake service times: each item "takes" 100 ms on a fake clock, the budget is
   * 300 ms. With the worker held on one item, requests are admitted while the items ahead times
   * 100 ms is within 300 ms, then refused with a Retry-After from the drain rate; the depth gauge
   * still shows the queue.
   */
  @Test
  void overBudgetRefusesAtOnceWithRetryAfterFromTheDrainRate() throws Exception {
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    BatchFunction<float[], float[]> timed = batch -> {
      if (runs.getAndIncrement() == 1) {
        gate.await(5, TimeUnit.SECONDS); // the second run holds the worker
      }
      clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100) * batch.size());
      return batch.stream().map(MicroBatcherTest::model).toList();
    };
    var registry = new SimpleMeterRegistry();
    var settings = new BatchingSettings(1, Duration.ZERO, 64, Duration.ofSeconds(5),
        Duration.ofMillis(300));
    try (var batcher = new MicroBatcher<>("fake", "g", timed, settings, registry, clock::get)) {
      assertThat(batcher.run(input(0))).containsExactly(model(input(0))); // measures 100 ms/item
      assertThat(batcher.nanosPerItem()).isEqualTo(100e6);
      CompletableFuture<float[]> held = batcher.submit(input(1));
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (batcher.queueDepth() > 0 && System.nanoTime() < until) {
        Thread.sleep(1);
      }
      // 1 running: 100 ms ahead; then 200 and 300 ms: admitted (within the budget)
      List<CompletableFuture<float[]>> admitted = new ArrayList<>();
      for (int i = 2; i <= 4; i++) {
        admitted.add(batcher.submit(input(i)));
      }
      assertThat(batcher.queueDepth()).isEqualTo(3);
      assertThat(registry.get("muq.inference.queue.depth").gauge().value()).isEqualTo(3.0);
      // 4 ahead: 400 ms > 300 ms: shed at once; the queue drains 100 ms over in 0.1 s: 1 s
      assertThatThrownBy(() -> batcher.submit(input(5)))
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("400 ms")
          .satisfies(e -> assertThat(((QueueFullException) e).retryAfterSeconds()).isEqualTo(1));
      // a request of many items is judged once, on the wait of its first item
      assertThatThrownBy(() -> batcher.runAll(List.of(input(6), input(7))))
          .isInstanceOf(QueueFullException.class);
      assertThat(registry.get("muq.inference.rejections").tag("reason", "queue_time").counter().count())
          .isEqualTo(2.0);
      assertThat(registry.get("muq.inference.rejections").tag("reason", "queue_full").counter().count())
          .isZero();
      gate.countDown();
      assertThat(held.get(5, TimeUnit.SECONDS)).containsExactly(model(input(1)));
      for (int i = 0; i < admitted.size(); i++) {
        assertThat(admitted.get(i).get(5, TimeUnit.SECONDS)).containsExactly(model(input(i + 2)));
      }
      // drained: admitted again
      assertThat(batcher.run(input(8))).containsExactly(model(input(8)));
    }
  }

  @Test
  void cancelledCallersAreSkippedAndTimeoutsCounted() throws Exception {
    FakeModel fake = new FakeModel();
    fake.gate = new CountDownLatch(1);
    var registry = new SimpleMeterRegistry();
    try (var batcher = new MicroBatcher<>("fake", "g", fake, settings(1, 0, 16, 100), registry)) {
      batcher.submit(input(0)); // blocks the worker on the gate
      assertThatThrownBy(() -> batcher.run(input(1))).isInstanceOf(InferenceTimeoutException.class);
      assertThat(registry.get("muq.inference.rejections").tag("reason", "timeout").counter().count())
          .isEqualTo(1.0);
      fake.gate.countDown();
      // the timed-out caller's item is dropped, never run
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (registry.get("muq.inference.cancelled").counter().count() < 1 && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      assertThat(registry.get("muq.inference.cancelled").counter().count()).isEqualTo(1.0);
      assertThat(fake.items.get()).isEqualTo(1);
    }
  }

  @Test
  void closeFinishesQueuedWorkThenRefuses() throws Exception {
    FakeModel fake = new FakeModel();
    fake.gate = new CountDownLatch(1);
    var batcher = new MicroBatcher<>("fake", "g", fake, settings(2, 0, 64, 5000), new SimpleMeterRegistry());
    List<CompletableFuture<float[]>> pending = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pending.add(batcher.submit(input(i)));
    }
    Thread closer = Thread.ofVirtual().start(batcher::close);
    Thread.sleep(20);
    fake.gate.countDown();
    closer.join(5000);
    assertThat(closer.isAlive()).isFalse();
    for (int i = 0; i < 6; i++) {
      assertThat(pending.get(i)).isCompleted();
      assertThat(pending.get(i).get()).containsExactly(model(input(i)));
    }
    assertThatThrownBy(() -> batcher.submit(input(9))).isInstanceOf(QueueFullException.class);
  }

  @Test
  void aFailingBatchFailsItsCallersOnly() {
    AtomicInteger calls = new AtomicInteger();
    BatchFunction<float[], float[]> flaky = batch -> {
      if (calls.incrementAndGet() == 1) {
        throw new IllegalStateException("boom");
      }
      return batch.stream().map(MicroBatcherTest::model).toList();
    };
    try (var batcher = new MicroBatcher<>("fake", "g", flaky, settings(1, 0, 8, 5000),
        new SimpleMeterRegistry())) {
      assertThatThrownBy(() -> batcher.run(input(0))).hasMessageContaining("boom");
      assertThat(batcher.run(input(1))).containsExactly(model(input(1)));
    }
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> settings(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(1, 1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> settings(1, 1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
