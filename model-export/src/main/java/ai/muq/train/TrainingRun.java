package ai.muq.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.muq.model.ParamStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The loop every trainer shares: AdamW with warm-up and cosine schedule, gradient clipping,
 * atomic checkpoints every N steps, exact resume (weights, optimiser moments, step, data
 * position; randomness is derived from seed and step, so it needs no saved state), progress and
 * metrics. A trainer supplies the loss of one step.
 *
 * <p>Exact resume holds because every step is run-to-run deterministic: randomness comes from seed
 * and step, and libtorch runs without oneDNN ({@link TorchDeterminism}). A resumed run must use the
 * same intra-op thread count as the run it continues (libtorch's reductions split work by thread).
 */
public abstract class TrainingRun {

  protected final TrainOptions options;
  protected final NDManager manager;
  protected final ParamStore store;
  private final String kind;
  private final Map<String, Object> info = new LinkedHashMap<>();

  protected TrainingRun(String kind, TrainOptions options, NDManager manager, ParamStore store) {
    this.kind = kind;
    this.options = options;
    this.manager = manager;
    this.store = store;
  }

  /** The loss and metrics of one step. */
  protected record StepResult(NDArray loss, Map<String, Double> metrics) {}

  /** Adds a fact (e.g. the model configuration) to every checkpoint's state. */
  public TrainingRun info(String key, Object value) {
    info.put(key, value);
    return this;
  }

  private Map<String, Object> checkpointExtra() {
    Map<String, Object> all = new LinkedHashMap<>(info);
    all.putAll(extraState());
    return all;
  }

  /** Computes one step's loss on a batch, inside the gradient scope, allocating in {@code step}. */
  protected abstract StepResult step(NDManager stepManager, long step, BatchSource.Batch batch) throws IOException;

  /** Names of the parameters the optimiser updates. */
  protected abstract List<String> trainable();

  /**
   * Sets the trainable parameters' gradients to exact zeros. (DJL's own zeroing subtracts the
   * gradient from itself, which leaves a NaN or infinite gradient NaN for good.)
   */
  private void zeroGradients() {
    for (String name : trainable()) {
      NDArray p = store.get(name);
      if (p.hasGradient()) {
        try (NDArray g = p.getGradient()) {
          g.set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
        }
      }
    }
  }

  /** Called after each update, outside the gradient scope (e.g. dead-code re-seeding). */
  protected void afterUpdate(long step, AdamW optimizer) {}

  /** Extra state for the checkpoint (e.g. feature statistics). */
  protected Map<String, Object> extraState() {
    return Map.of();
  }

  /** Restores extra state on resume. */
  protected void restoreExtra(Map<String, Object> extra) {}

  /**
   * Runs to {@code options.until()} (normally the last step), from the run directory's checkpoint
   * when resuming.
   *
   * @param data a fresh source for this run (a resumed run skips what was consumed)
   * @return the metrics of the last step
   */
  public Map<String, Double> run(BatchSource data, PrintStream console) throws IOException {
    TorchDeterminism.ensure();
    long start = 0;
    try (AdamW optimizer = new AdamW(manager, options.weightDecay())) {
      if (options.resume() && Files.exists(options.checkpointDir().resolve(TrainCheckpoint.STATE))) {
        TrainCheckpoint.State state = TrainCheckpoint.readState(options.checkpointDir());
        if (!kind.equals(state.kind())) {
          throw new IOException("checkpoint in " + options.out() + " is a " + state.kind() + " run, not " + kind);
        }
        TrainCheckpoint.loadParams(options.checkpointDir(), store, false);
        TrainCheckpoint.loadOptimizer(options.checkpointDir(), optimizer, state.step(), new java.util.HashSet<>(trainable()));
        restoreExtra(state.extra() == null ? Map.of() : state.extra());
        start = state.step();
        data.seek(state.dataPosition());
        console.println(kind + ": resuming at step " + start + " from " + options.checkpointDir());
      } else if (options.resume()) {
        console.println(kind + ": no checkpoint in " + options.out() + ", starting fresh");
      }
      // Frozen parameters take no gradient at all (and cost no backward pass).
      java.util.Set<String> train = new java.util.HashSet<>(trainable());
      for (ai.muq.model.ParamSpec spec : store.specs()) {
        if (spec.trainable() && !train.contains(spec.name()) && store.has(spec.name())) {
          store.get(spec.name()).setRequiresGradient(false);
        }
      }
      LrSchedule schedule = new LrSchedule(options.lr(), options.warmupSteps(), options.steps(), 0.05f);
      Map<String, Double> last = Map.of();
      try (TrainingLog log = new TrainingLog(options.out(), start, options.steps(), console)) {
        for (long s = start; s < options.until(); s++) {
          BatchSource.Batch batch = data.next();
          float lr = schedule.at(s);
          Map<String, Double> metrics = new LinkedHashMap<>();
          try (NDManager stepManager = manager.newSubManager();
              GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            zeroGradients();
            StepResult r = step(stepManager, s, batch);
            gc.backward(r.loss());
            metrics.put("loss", (double) r.loss().getFloat());
            metrics.putAll(r.metrics());
          }
          double gradNorm = optimizer.update(store, trainable(), lr, options.clipNorm());
          afterUpdate(s, optimizer);
          metrics.put("grad_norm", gradNorm);
          metrics.put("skipped_updates", (double) optimizer.skipped());
          metrics.put("lr", (double) lr);
          log.log(s + 1, metrics);
          last = metrics;
          if ((s + 1) % options.checkpointEvery() == 0 || s + 1 == options.until()) {
            TrainCheckpoint.save(
                options.checkpointDir(), store, optimizer,
                new TrainCheckpoint.State(kind, s + 1, data.position(), options.toMap(), checkpointExtra()));
          }
        }
      }
      return last;
    }
  }
}
