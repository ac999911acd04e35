package ai.muq.train;

import ai.djl.ndarray.NDArray;

/**
 * MuQ-MuLan's decoupled softmax contrastive loss (reference §5): similarities scaled by the
 * learnable temperature exp(t); for each pair i, -s_ii plus half the log-sum-exp of row i and of
 * column i with the positive removed from both denominators; averaged over the batch.
 *
 * <p>The multi-positive form serves texts that describe several clips of a batch (a tag prompt
 * such as "piano music"): each row and column compares the log-sum-exp of its positives with that
 * of its negatives, so a clip that also plays the piano is not pushed away from "piano music". With
 * one positive per row and column it is exactly the pairwise loss.
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

  /**
   * The multi-positive form.
   *
   * @param positives [B, B] of 0 and 1: audio i matches text j; the diagonal must be 1
   */
  public static NDArray loss(NDArray audio, NDArray text, NDArray logTemperature, NDArray positives) {
    NDArray sims = audio.matMul(text.transpose()).mul(logTemperature.reshape(1, 1).exp());
    NDArray negatives = positives.neg().add(1f);
    NDArray pos = sims.sub(negatives.mul(1e9f));
    NDArray neg = sims.sub(positives.mul(1e9f));
    // A row or column without negatives (a text that fits every clip) has nothing to contrast.
    NDArray rowHasNeg = negatives.sum(new int[] {1}).gt(0f).toType(sims.getDataType(), false);
    NDArray colHasNeg = negatives.sum(new int[] {0}).gt(0f).toType(sims.getDataType(), false);
    NDArray rows = logSumExp(neg, 1).sub(logSumExp(pos, 1)).mul(rowHasNeg);
    NDArray cols = logSumExp(neg, 0).sub(logSumExp(pos, 0)).mul(colHasNeg);
    return rows.add(cols).mul(0.5f).mean();
  }

  /**
   * The audio-audio objective on real tracks: symmetric InfoNCE between two views of each track.
   * With logits s_ij = a_i . b_j / temperature, each row i is a softmax classification of view b_i
   * among the batch's b (the other tracks are the negatives) and each column likewise of a_j; the
   * loss is the mean of the row and column cross-entropies, 0.5 (CE_rows + CE_cols).
   *
   * @param a unit-norm embeddings of the first views [B, d]
   * @param b unit-norm embeddings of the second views [B, d], row i from the same track as a_i
   * @param temperature a fixed positive temperature (e.g. 0.1)
   */
  public static NDArray infoNce(NDArray a, NDArray b, double temperature) {
    if (!(temperature > 0)) {
      throw new IllegalArgumentException("temperature must be positive, not " + temperature);
    }
    long n = a.getShape().get(0);
    NDArray logits = a.matMul(b.transpose()).div((float) temperature);
    NDArray own = logits.mul(a.getManager().eye((int) n)).sum(new int[] {1});
    NDArray rows = logSumExp(logits, 1).sub(own);
    NDArray cols = logSumExp(logits, 0).sub(own);
    return rows.add(cols).mul(0.5f).mean();
  }

  static NDArray logSumExp(NDArray x, int axis) {
    NDArray max = x.max(new int[] {axis}, true).stopGradient();
    return x.sub(max).exp().sum(new int[] {axis}).log().add(max.squeeze(axis));
  }
}
