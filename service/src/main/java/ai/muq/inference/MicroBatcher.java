package ai.muq.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merges concurrent single-item requests for one model graph into batched runs.
 *
 * <p>A bounded queue feeds one worker thread. The worker takes the oldest item, then waits at most
 * {@link BatchingSettings#maxQueueDelay()} for up to {@link BatchingSettings#maxBatchSize()} items
 * in all, drops items whose caller has gone (cancelled future), runs the {@link BatchFunction}
 * once and completes every caller. A full queue refuses at once ({@link QueueFullException}), and
 * so does a queue whose expected wait is over {@link BatchingSettings#maxQueueTime()} (see {@link
 * QueueBudget}): load is shed while the wait is still short, with a Retry-After from the
 * measured drain rate, instead of queueing until the request timeout;
 * {@link #close()} stops intake and finishes every queued item before it returns, so a graceful
 * shutdown loses no accepted work.
 *
 * <p>Metrics (tags {@code model}, {@code graph}): {@code muq.inference.queue.depth} (gauge),
 * {@code muq.inference.batch.size} (distribution), {@code muq.inference.batch.duration} (timer),
 * {@code muq.inference.rejections} (counter, tag {@code reason}: queue_full, queue_time, timeout),
 * {@code muq.inference.cancelled} (counter).
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

  private record Pending<I, O>(I item, CompletableFuture<O> result) {}

  private final String model;
  private final String graph;
  private final BatchFunction<I, O> function;
  private final BatchingSettings settings;
  private final BlockingQueue<Pending<I, O>> queue;
  private final Thread worker;
  private final QueueBudget budget;
  private final LongSupplier nanoClock;
  /** Items taken by the worker and not yet completed (the batch being run). */
  private final AtomicInteger running = new AtomicInteger();
  private volatile boolean closed;

  private final DistributionSummary batchSize;
  private final Timer batchDuration;
  private final Counter queueFull;
  private final Counter overBudget;
  private final Counter timeouts;
  private final Counter cancelled;

  public MicroBatcher(
      String model,
      String graph,
      BatchFunction<I, O> function,
      BatchingSettings settings,
      MeterRegistry registry) {
    this(model, graph, function, settings, registry, System::nanoTime);
  }

  /** As above, timing runs with {@code nanoClock} (tests give a fake one). */
  MicroBatcher(
      String model,
      String graph,
      BatchFunction<I, O> function,
      BatchingSettings settings,
      MeterRegistry registry,
      LongSupplier nanoClock) {
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.budget = new QueueBudget(settings.maxQueueTime());
    this.model = Objects.requireNonNull(model, "model");
    this.graph = Objects.requireNonNull(graph, "graph");
    this.function = Objects.requireNonNull(function, "function");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    Tags tags = Tags.of("model", model, "graph", graph);
    Gauge.builder("muq.inference.queue.depth", queue, BlockingQueue::size)
        .description("Items waiting in a model's batching queue")
        .tags(tags)
        .register(registry);
    this.batchSize =
        DistributionSummary.builder("muq.inference.batch.size")
            .description("Items per model run")
            .tags(tags)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64)
            .register(registry);
    this.batchDuration =
        Timer.builder("muq.inference.batch.duration")
            .description("Time of one batched model run")
            .tags(tags)
            .publishPercentileHistogram()
            .register(registry);
    this.queueFull =
        Counter.builder("muq.inference.rejections").tags(tags).tag("reason", "queue_full")
            .description("Requests refused by a model's batcher").register(registry);
    this.overBudget =
        Counter.builder("muq.inference.rejections").tags(tags).tag("reason", "queue_time")
            .description("Requests refused by a model's batcher").register(registry);
    this.timeouts =
        Counter.builder("muq.inference.rejections").tags(tags).tag("reason", "timeout")
            .description("Requests refused by a model's batcher").register(registry);
    this.cancelled =
        Counter.builder("muq.inference.cancelled").tags(tags)
            .description("Queued items dropped because their caller went away").register(registry);
    this.worker = Thread.ofPlatform().name("batcher-" + model + "-" + graph).daemon(true)
        .stackSize(OrtRuntime.ORT_CALLER_STACK_BYTES).unstarted(this::runLoop);
    this.worker.start();
  }

  /**
   * Queues one item.
   *
   * @throws QueueFullException when the queue is full, over its latency budget, or closing
   */
  public CompletableFuture<O> submit(I item) {
    admit();
    return enqueue(item);
  }

  /**
   * Refuses new work whose expected wait, the items queued and running times the measured
   * service time per item, is over the latency budget.
   */
  private void admit() {
    int ahead = queue.size() + running.get();
    long retryAfter = budget.retryAfterSeconds(ahead);
    if (retryAfter > 0) {
      overBudget.increment();
      throw new QueueFullException(model, "model " + model + " is overloaded: about "
          + budget.expectedWaitNanos(ahead) / 1_000_000 + " ms of work is queued, over the "
          + budget.maxQueueNanos() / 1_000_000 + " ms budget", retryAfter);
    }
  }

  private CompletableFuture<O> enqueue(I item) {
    Objects.requireNonNull(item, "item");
    CompletableFuture<O> result = new CompletableFuture<>();
    if (closed || !queue.offer(new Pending<>(item, result))) {
      queueFull.increment();
      throw new QueueFullException(model,
          Math.max(1, budget.retryAfterSeconds(queue.size() + running.get())));
    }
    return result;
  }

  /** How often a waiting caller checks whether its client has gone. */
  static final long CANCELLATION_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Runs every item through the batcher and waits for all results within the request timeout.
   * On timeout, interruption or a {@link RequestCancellation} of the request (its client went
   * away) the caller's remaining items are cancelled, so the worker skips them.
   *
   * @throws ClientGoneException when the request was cancelled while waiting
   */
  public List<O> runAll(List<I> items) {
    List<CompletableFuture<O>> futures = new ArrayList<>(items.size());
    admit(); // once per request: its own items never refuse each other
    try {
      for (I item : items) {
        futures.add(enqueue(item));
      }
      long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
      List<O> out = new ArrayList<>(items.size());
      for (CompletableFuture<O> f : futures) {
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0 && !f.isDone()) {
            throw new TimeoutException();
          }
          try {
            out.add(f.get(Math.max(0, Math.min(left, CANCELLATION_POLL_NANOS)), TimeUnit.NANOSECONDS));
            break;
          } catch (TimeoutException stillWaiting) {
            if (RequestCancellation.requested()) {
              throw new ClientGoneException(model);
            }
          }
        }
      }
      return out;
    } catch (TimeoutException e) {
      timeouts.increment();
      throw new InferenceTimeoutException(model, settings.requestTimeout());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for model " + model);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("model " + model + " failed: " + cause.getMessage(), cause);
    } finally {
      for (CompletableFuture<O> f : futures) {
        f.cancel(false);
      }
    }
  }

  public O run(I item) {
    return runAll(List.of(item)).getFirst();
  }

  public int queueDepth() {
    return queue.size();
  }

  public BatchingSettings settings() {
    return settings;
  }

  /** The measured service time per item (0 before the first run). */
  public double nanosPerItem() {
    return budget.nanosPerItem();
  }

  private void runLoop() {
    List<Pending<I, O>> batch = new ArrayList<>(settings.maxBatchSize());
    while (true) {
      try {
        Pending<I, O> first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (closed && queue.isEmpty()) {
            return;
          }
          continue;
        }
        batch.add(first);
        running.incrementAndGet();
        long deadline = System.nanoTime() + settings.maxQueueDelay().toNanos();
        while (batch.size() < settings.maxBatchSize()) {
          long left = deadline - System.nanoTime();
          Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
          if (next == null) {
            break;
          }
          batch.add(next);
          running.incrementAndGet();
        }
        execute(batch);
      } catch (InterruptedException e) {
        // close() waits for the drain; an interrupt only comes from JVM shutdown.
        Thread.currentThread().interrupt();
        for (Pending<I, O> p : batch) {
          p.result().completeExceptionally(e);
        }
        return;
      } finally {
        release(batch);
      }
    }
  }

  /** The batch's items stop counting as running (once: the list is emptied). */
  private void release(List<Pending<I, O>> batch) {
    running.addAndGet(-batch.size());
    batch.clear();
  }

  private void execute(List<Pending<I, O>> batch) {
    List<Pending<I, O>> live = new ArrayList<>(batch.size());
    for (Pending<I, O> p : batch) {
      if (p.result().isDone()) {
        cancelled.increment();
      } else {
        live.add(p);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    List<I> items = new ArrayList<>(live.size());
    for (Pending<I, O> p : live) {
      items.add(p.item());
    }
    batchSize.record(live.size());
    long start = nanoClock.getAsLong();
    long took = -1;
    try {
      List<O> outputs = function.apply(items);
      took = nanoClock.getAsLong() - start;
      budget.recordRun(live.size(), took); // before the callers wake: what they see next includes it
      if (outputs.size() != live.size()) {
        throw new IllegalStateException(
            "batch function gave " + outputs.size() + " outputs for " + live.size() + " inputs");
      }
      release(batch); // a caller that sends its next item as soon as it wakes must not count this batch
      for (int i = 0; i < live.size(); i++) {
        live.get(i).result().complete(outputs.get(i));
      }
    } catch (Exception | LinkageError e) {
      log.error("model {} graph {} failed on a batch of {}", model, graph, live.size(), e);
      release(batch);
      for (Pending<I, O> p : live) {
        p.result().completeExceptionally(e);
      }
    } finally {
      batchDuration.record(took >= 0 ? took : nanoClock.getAsLong() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** Stops intake, finishes every queued item, then returns. */
  @Override
  public void close() {
    closed = true;
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
