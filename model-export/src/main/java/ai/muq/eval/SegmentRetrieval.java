package ai.muq.eval;

import java.util.Arrays;

/**
 * Same-track segment retrieval on real recordings: from every track of at least {@link
 * #MIN_TRACK_SECONDS} two segments of {@link #SEGMENT_SECONDS} are cut, one starting at {@link
 * #QUERY_OFFSET_SECONDS} (0:20) and one at {@link #TARGET_OFFSET_SECONDS} (1:10); each query
 * segment ranks the target segments of all tracks by cosine similarity, and the rank of its own
 * track's target is what counts (R@1, R@5, median rank; chance R@1 is 1/N).
 *
 * <p>The offsets skip a track's intro and keep the two segments 40 s apart, so a system has to
 * recognise the track's timbre, instrumentation and style rather than the same notes; both lie in
 * the first 80 s, which every track of 100 s or more has.
 */
public final class SegmentRetrieval {

  public static final double MIN_TRACK_SECONDS = 100;
  public static final double SEGMENT_SECONDS = 10;
  public static final double QUERY_OFFSET_SECONDS = 20;
  public static final double TARGET_OFFSET_SECONDS = 70;

  private SegmentRetrieval() {}

  /** R@1, R@5 and median rank (1-based) of one system's ranks. */
  public static EvalResults.SegmentFigures figures(String system, int[] ranks) {
    return new EvalResults.SegmentFigures(system, ranks.length, RankingMetrics.recallAt(ranks, 1),
        RankingMetrics.recallAt(ranks, 5), RankingMetrics.medianRank(ranks));
  }

  /** Whether a track of this many samples gives both segments. */
  public static boolean longEnough(int samples, int sampleRate) {
    return samples >= Math.round(MIN_TRACK_SECONDS * sampleRate);
  }

  /** The query (0:20) and target (1:10) segments of a track, each {@link #SEGMENT_SECONDS} long. */
  public static float[][] segments(float[] track, int sampleRate) {
    if (!longEnough(track.length, sampleRate)) {
      throw new IllegalArgumentException(
          "track of " + track.length / (double) sampleRate + " s is shorter than " + MIN_TRACK_SECONDS + " s");
    }
    int n = (int) Math.round(SEGMENT_SECONDS * sampleRate);
    int q = (int) Math.round(QUERY_OFFSET_SECONDS * sampleRate);
    int t = (int) Math.round(TARGET_OFFSET_SECONDS * sampleRate);
    return new float[][] {Arrays.copyOfRange(track, q, q + n), Arrays.copyOfRange(track, t, t + n)};
  }

  /**
   * The rank of each query's own target: query i's relevant candidate is target i; similarity is
   * the cosine; ties are optimistic ({@link RankingMetrics#ranks}).
   *
   * @param queries [N][d] one vector per track
   * @param targets [N][d] in the same track order
   */
  public static int[] ranks(float[][] queries, float[][] targets) {
    if (queries.length != targets.length || queries.length < 2) {
      throw new IllegalArgumentException("need the same number (>= 2) of query and target segments, got "
          + queries.length + " and " + targets.length);
    }
    int n = queries.length;
    double[][] sim = new double[n][n];
    boolean[][] relevant = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        sim[i][j] = cosine(queries[i], targets[j]);
      }
      relevant[i][i] = true;
    }
    return RankingMetrics.ranks(sim, relevant);
  }

  /**
   * Standardises feature vectors per dimension over all of them (mean 0, std 1; a constant
   * dimension becomes 0), so cosine similarity of MFCC statistics is not dominated by c0's scale.
   */
  public static float[][] standardise(float[][] rows) {
    int d = rows[0].length;
    double[] mean = new double[d];
    double[] sq = new double[d];
    for (float[] r : rows) {
      for (int k = 0; k < d; k++) {
        mean[k] += r[k];
        sq[k] += (double) r[k] * r[k];
      }
    }
    float[][] out = new float[rows.length][d];
    for (int k = 0; k < d; k++) {
      mean[k] /= rows.length;
      double var = Math.max(0, sq[k] / rows.length - mean[k] * mean[k]);
      double std = Math.sqrt(var);
      for (int i = 0; i < rows.length; i++) {
        out[i][k] = std > 1e-12 ? (float) ((rows[i][k] - mean[k]) / std) : 0f;
      }
    }
    return out;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
