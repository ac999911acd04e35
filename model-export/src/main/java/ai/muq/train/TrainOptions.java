package ai.muq.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Options shared by every training command.
 *
 * @param out run directory: checkpoints, metrics.jsonl, curves
 * @param steps total optimiser steps
 * @param batchSize clips per step
 * @param lr peak learning rate
 * @param warmupSteps linear warm-up
 * @param weightDecay AdamW decoupled weight decay
 * @param clipNorm global gradient-norm clip (0 = none)
 * @param checkpointEvery steps between checkpoints (the last step always checkpoints)
 * @param seed seed of initialisation, data order and masking
 * @param resume continue from the run directory's checkpoint
 * @param until stop (with a checkpoint) after this step, for a run split into stages; the
 *     schedule still spans {@code steps}, so a resumed stage continues it exactly
 */
public record TrainOptions(
    Path out,
    long steps,
    int batchSize,
    float lr,
    long warmupSteps,
    float weightDecay,
    float clipNorm,
    long checkpointEvery,
    long seed,
    boolean resume,
    long until) {

  /** Options of a run that goes to its last step. */
  public TrainOptions(Path out, long steps, int batchSize, float lr, long warmupSteps, float weightDecay, float clipNorm,
      long checkpointEvery, long seed, boolean resume) {
    this(out, steps, batchSize, lr, warmupSteps, weightDecay, clipNorm, checkpointEvery, seed, resume, steps);
  }

  public TrainOptions {
    if (until < 1 || until > steps) {
      throw new IllegalArgumentException("the step to stop after must be in 1.." + steps + ", not " + until);
    }
    if (steps <= 0 || batchSize <= 0 || checkpointEvery <= 0) {
      throw new IllegalArgumentException("steps, batch size and checkpoint interval must be positive");
    }
    if (!(lr > 0)) {
      throw new IllegalArgumentException("learning rate must be positive");
    }
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("batch_size", batchSize);
    m.put("lr", lr);
    m.put("warmup_steps", warmupSteps);
    m.put("weight_decay", weightDecay);
    m.put("clip_norm", clipNorm);
    m.put("checkpoint_every", checkpointEvery);
    m.put("seed", seed);
    return m;
  }

  public Path checkpointDir() {
    return out.resolve("checkpoint");
  }
}
