package ai.muq.library;

import java.util.Objects;

/**
 * A nearest-neighbour query. Only vectors made by {@code bundleId} are compared with it.
 *
 * @param bundleId the bundle whose embedder produced {@code vector}
 * @param vector unit-length query vector
 * @param topK number of tracks wanted, 1..1000
 * @param filter conditions on the tracks
 * @param segmentsPerTrack how many best-matching segments to return per track hit (0 = none)
 */
public record VectorQuery(String bundleId, float[] vector, int topK, TrackFilter filter, int segmentsPerTrack) {

  public static final int MAX_TOP_K = 1000;

  public VectorQuery {
    Objects.requireNonNull(bundleId, "bundleId");
    Vectors.requireUnit(vector, "query vector");
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException("top_k must be in 1.." + MAX_TOP_K + ", got " + topK);
    }
    filter = filter == null ? TrackFilter.NONE : filter;
    if (segmentsPerTrack < 0 || segmentsPerTrack > 100) {
      throw new IllegalArgumentException("segments per track must be in 0..100");
    }
  }

  public VectorQuery(String bundleId, float[] vector, int topK) {
    this(bundleId, vector, topK, TrackFilter.NONE, 0);
  }
}
