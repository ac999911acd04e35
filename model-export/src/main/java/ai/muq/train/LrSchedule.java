package ai.muq.train;

/** Linear warm-up to the peak rate, then cosine decay to {@code minRatio} of it. */
public record LrSchedule(float peak, long warmupSteps, long totalSteps, float minRatio) {

  public LrSchedule {
    if (!(peak > 0) || totalSteps <= 0 || warmupSteps < 0) {
      throw new IllegalArgumentException("bad schedule: peak " + peak + ", warmup " + warmupSteps + ", total " + totalSteps);
    }
  }

  /** Rate for step (0-based). */
  public float at(long step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return (float) (peak * (minRatio + (1 - minRatio) * cosine));
  }
}
