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

  static BatchingSettings settings(int maxBatch, int delayMs, int capacity, int timeoutMs) {
    return new BatchingSettings(
        maxBatch, Duration.ofMillis(delayMs), capacity, Duration.ofMillis(timeoutMs));
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
