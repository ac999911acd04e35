package ai.muq.math;

import java.util.Arrays;

/**
 * The k best (index, score) pairs seen so far, best first: the exact top-k that recall
 * measurements compare an index's answers against.
 */
public final class TopK {

  private final int[] indices;
  private final float[] scores;

  /** Room for {@code k} results; unfilled places hold index -1. */
  public TopK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1: " + k);
    }
    indices = new int[k];
    scores = new float[k];
    Arrays.fill(indices, -1);
    Arrays.fill(scores, Float.NEGATIVE_INFINITY);
  }

  /** Keeps {@code index} if its score beats the k-th best (ties keep the earlier index). */
  public void offer(int index, float score) {
    int k = scores.length;
    if (score > scores[k - 1]) {
      int pos = k - 1;
      while (pos > 0 && scores[pos - 1] < score) {
        scores[pos] = scores[pos - 1];
        indices[pos] = indices[pos - 1];
        pos--;
      }
      scores[pos] = score;
      indices[pos] = index;
    }
  }

  /** The kept indices, best first. */
  public int[] indices() {
    return indices.clone();
  }
}
