package ai.muq.train;

import ai.djl.ndarray.NDArray;

/**
 * MuQ-MuLan's decoupled softmax contrastive loss (reference §5): similarities scaled by the
 * learnable temperature exp(t); for each pair i, -s_ii plus half the log-sum-exp of row i and of
 * column i with the positive removed from both denominators; averaged over the batch.
 */
public final class ContrastiveLoss {

  private ContrastiveLoss() {}

  /**
   * @param audio unit-norm audio embeddings [B, d]
   * @param text unit-norm text embeddings [B, d], pair i matching audio i
   * @param logTemperature the learned log temperature [1, 1, 1]
   */
  public static NDArray loss(NDArray audio, NDArray text, NDArray logTemperature) {
    long b = audio.getShape().get(0);
    NDArray sims = audio.matMul(text.transpose()).mul(logTemperature.reshape(1, 1).exp());
    NDArray eye = audio.getManager().eye((int) b);
    NDArray positives = sims.mul(eye).sum(new int[] {1});
    // Remove positives from the denominators: -inf-like on the diagonal.
    NDArray masked = sims.sub(eye.mul(1e9f));
    NDArray rows = logSumExp(masked, 1);
    NDArray cols = logSumExp(masked, 0);
    return positives.neg().add(rows.add(cols).mul(0.5f)).mean();
  }

  static NDArray logSumExp(NDArray x, int axis) {
    NDArray max = x.max(new int[] {axis}, true).stopGradient();
    return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
  }
}
