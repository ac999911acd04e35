package ai.muq.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Ranking metrics of the MuQ paper's evaluations: ROC-AUC and PR-AUC (average precision) of a
 * score against binary labels, and recall@k / median rank of retrieval. Ties are handled as
 * scikit-learn does (tied scores form one threshold), so figures are comparable to published ones.
 */
public final class RankingMetrics {

  private RankingMetrics() {}

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counting one half (Mann-Whitney U with average ranks).
   *
   * @throws IllegalArgumentException when the labels are all positive or all negative (undefined)
   */
  public static double rocAuc(double[] scores, boolean[] labels) {
    check(scores, labels);
    Integer[] order = sortedAscending(scores);
    double[] ranks = new double[scores.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1; // 1-based average rank of the tie group
      for (int t = i; t <= j; t++) {
        ranks[order[t]] = avg;
      }
      i = j + 1;
    }
    long pos = 0;
    double rankSum = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i]) {
        pos++;
        rankSum += ranks[i];
      }
    }
    long neg = labels.length - pos;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }

  /**
   * Average precision, the PR-AUC of scikit-learn: sum over thresholds (descending score) of
   * (recall_n - recall_{n-1}) * precision_n; tied scores form one threshold.
   */
  public static double averagePrecision(double[] scores, boolean[] labels) {
    check(scores, labels);
    Integer[] order = sortedAscending(scores);
    long totalPos = 0;
    for (boolean l : labels) {
      totalPos += l ? 1 : 0;
    }
    double ap = 0;
    long tp = 0;
    long seen = 0;
    double prevRecall = 0;
    for (int i = order.length - 1; i >= 0; ) {
      int j = i;
      while (j - 1 >= 0 && scores[order[j - 1]] == scores[order[i]]) {
        j--;
      }
      for (int t = j; t <= i; t++) {
        tp += labels[order[t]] ? 1 : 0;
        seen++;
      }
      double recall = (double) tp / totalPos;
      double precision = (double) tp / seen;
      ap += (recall - prevRecall) * precision;
      prevRecall = recall;
      i = j - 1;
    }
    return ap;
  }

  /** Whether a label column has both classes, i.e. ROC-AUC and PR-AUC are defined. */
  public static boolean defined(boolean[] labels) {
    boolean pos = false;
    boolean neg = false;
    for (boolean l : labels) {
      pos |= l;
      neg |= !l;
    }
    return pos && neg;
  }

  /**
   * The 1-based rank of the relevant item for each query: 1 + the number of candidates scoring
   * strictly higher than the best-scoring relevant candidate (optimistic on ties, as is usual).
   *
   * @param similarity [queries][candidates]
   * @param relevant relevant[q][c] is true when candidate c answers query q (at least one per query)
   */
  public static int[] ranks(double[][] similarity, boolean[][] relevant) {
    int[] ranks = new int[similarity.length];
    for (int q = 0; q < similarity.length; q++) {
      double best = Double.NEGATIVE_INFINITY;
      boolean any = false;
      for (int c = 0; c < similarity[q].length; c++) {
        if (relevant[q][c]) {
          best = Math.max(best, similarity[q][c]);
          any = true;
        }
      }
      if (!any) {
        throw new IllegalArgumentException("query " + q + " has no relevant candidate");
      }
      int higher = 0;
      for (int c = 0; c < similarity[q].length; c++) {
        if (similarity[q][c] > best) {
          higher++;
        }
      }
      ranks[q] = higher + 1;
    }
    return ranks;
  }

  /** Fraction of queries whose rank is at most k. */
  public static double recallAt(int[] ranks, int k) {
    if (ranks.length == 0) {
      throw new IllegalArgumentException("no queries");
    }
    return (double) IntStream.of(ranks).filter(r -> r <= k).count() / ranks.length;
  }

  /** Median of the ranks (mean of the two middle ones for an even count). */
  public static double medianRank(int[] ranks) {
    if (ranks.length == 0) {
      throw new IllegalArgumentException("no queries");
    }
    int[] s = ranks.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  private static void check(double[] scores, boolean[] labels) {
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scores.length + " scores but " + labels.length + " labels");
    }
    if (!defined(labels)) {
      throw new IllegalArgumentException("labels need at least one positive and one negative");
    }
  }

  private static Integer[] sortedAscending(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
    return order;
  }
}
