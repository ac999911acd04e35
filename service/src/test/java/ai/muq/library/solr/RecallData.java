package ai.muq.library.solr;

import ai.muq.library.TestVectors;
import ai.muq.library.TrackDocument;
import ai.muq.library.TrackFilter;
import ai.muq.library.TrackMetadata;
import ai.muq.library.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic embedding sets for recall measurements: uniformly random unit vectors (the hardest case
 * for HNSW) and clustered ones (like real embeddings: tight groups around a few hundred centres).
 * Every track carries a tag "t0".."t9" (10 % each) and an artist "a0"/"a1" (50 % each) for filters.
 */
public final class RecallData {

  static final int DIM = 512;

  private RecallData() {}

  public static float[][] vectors(boolean clustered, int n, long seed) {
    Random random = new Random(seed);
    float[][] centres = new float[clustered ? 200 : 0][];
    for (int c = 0; c < centres.length; c++) {
      centres[c] = TestVectors.randomUnit(random, DIM);
    }
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] v = new float[DIM];
      float[] centre = clustered ? centres[random.nextInt(centres.length)] : null;
      for (int d = 0; d < DIM; d++) {
        // noise of norm ~0.9 around a unit centre: neighbours are close, yet not duplicates
        v[d] = clustered ? centre[d] + (float) (random.nextGaussian() * 0.04) : (float) random.nextGaussian();
      }
      out[i] = Vectors.normalized(v);
    }
    return out;
  }

  public static float[][] queries(float[][] base, boolean clustered, int n, long seed) {
    Random random = new Random(seed);
    float[][] out = new float[n][];
    for (int q = 0; q < n; q++) {
      if (clustered) {
        float[] near = base[random.nextInt(base.length)];
        float[] v = new float[DIM];
        for (int d = 0; d < DIM; d++) {
          v[d] = near[d] + (float) (random.nextGaussian() * 0.04);
        }
        out[q] = Vectors.normalized(v);
      } else {
        out[q] = TestVectors.randomUnit(random, DIM);
      }
    }
    return out;
  }

  public static String tag(int i) {
    return "t" + (i % 10);
  }

  public static String artist(int i) {
    return "a" + ((i / 10) % 2);
  }

  public static List<TrackDocument> tracks(String prefix, String bundle, float[][] vectors, int from, int to) {
    List<TrackDocument> docs = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      docs.add(TestVectors.track(prefix + i, bundle, vectors[i],
          new TrackMetadata(null, artist(i), List.of(tag(i)), Map.of()), List.of()));
    }
    return docs;
  }

  /** Exact top-k indices by dot product among vectors passing the filter (tag / artist only). */
  public static int[] bruteForce(float[][] base, float[] query, int k, TrackFilter filter) {
    return TestVectors.exactTop(base.length,
        i -> filter.tagsAll().stream().allMatch(tag(i)::equals) && (filter.artist() == null || filter.artist().equals(artist(i))),
        i -> Vectors.dot(base[i], query), k);
  }
}
