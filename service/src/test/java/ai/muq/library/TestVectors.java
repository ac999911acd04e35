package ai.muq.library;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import ai.muq.math.TopK;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;

/**
 * The one place of synthetic vectors for the library tests and the benchmarks (which read it from the
 * service test-jar): seeded random unit vectors, flat uniform/clustered sets, synthetic tracks and the
 * exact reference searches.
 */
public final class TestVectors {

  private TestVectors() {}

  /**
   * How a flat set of vectors (row i at {@code i * dim}) and its queries are drawn: {@code uniform},
   * isotropic random unit vectors (HNSW's worst case), or {@code clustered} around 1 000 centres with
   * queries near the data, like real embeddings. IndexBenchmark and LuceneRecallTest draw from it.
   */
  public enum Data {
    UNIFORM, CLUSTERED;

    static final int CENTRES = 1_000;
    static final double NOISE = 0.04;

    public float[] vectors(int n, int dim, long seed) {
      if (this == UNIFORM) {
        return randomUnitVectors(n, dim, seed);
      }
      SplittableRandom r = new SplittableRandom(seed);
      float[][] centres = new float[CENTRES][];
      for (int c = 0; c < CENTRES; c++) {
        centres[c] = randomUnit(r, dim);
      }
      float[] data = new float[n * dim];
      IntStream.range(0, n).parallel().forEach(i -> {
        SplittableRandom ri = new SplittableRandom(seed * 1_000_003L + i);
        float[] v = jitter(centres[ri.nextInt(CENTRES)], ri);
        System.arraycopy(v, 0, data, i * dim, dim);
      });
      return data;
    }

    public float[] query(SplittableRandom random, float[] data, int n, int dim) {
      if (this == UNIFORM) {
        return randomUnit(random, dim);
      }
      int i = random.nextInt(n);
      return jitter(Arrays.copyOfRange(data, i * dim, (i + 1) * dim), random);
    }

    private static float[] jitter(float[] centre, SplittableRandom r) {
      float[] v = new float[centre.length];
      for (int d = 0; d < v.length; d++) {
        // approximately Gaussian noise of deviation NOISE per coordinate
        v[d] = centre[d] + (float) ((r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2 * NOISE);
      }
      return Vectors.normalized(v);
    }
  }

  /** A seeded random direction of unit length (the one generator of the library tests). */
  public static float[] randomUnit(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalized(v);
  }

  /** n seeded uniform unit vectors in one flat array; row i depends only on the seed and i. */
  public static float[] randomUnitVectors(int n, int dim, long seed) {
    float[] data = new float[n * dim];
    IntStream.range(0, n).parallel().forEach(i -> {
      float[] v = randomUnit(new SplittableRandom(seed * 1_000_003L + i), dim);
      System.arraycopy(v, 0, data, i * dim, dim);
    });
    return data;
  }

  /** A cheap random direction of unit length for large sets (sums of uniforms). */
  public static float[] randomUnit(SplittableRandom random, int dim) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      // sum of uniforms approximates a Gaussian closely enough for isotropic directions, and is cheap
      v[j] = (float) (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5);
    }
    return Vectors.normalized(v);
  }

  /** Row {@code row} of a flat set dotted with {@code query}, summed in double. */
  public static double dot(float[] flat, int row, int dim, float[] query) {
    double s = 0;
    int base = row * dim;
    for (int j = 0; j < dim; j++) {
      s += (double) flat[base + j] * query[j];
    }
    return s;
  }

  /** The exact top-k by score of those of {@code n} candidates that {@code include} passes (the reference the recall measurements compare against). */
  public static int[] exactTop(int n, IntPredicate include, IntToDoubleFunction score, int k) {
    TopK best = new TopK(k);
    for (int i = 0; i < n; i++) {
      if (include.test(i)) {
        best.offer(i, (float) score.applyAsDouble(i));
      }
    }
    return best.indices();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrackDocument track(String id, String bundle, float[] embedding, TrackMetadata metadata, List<SegmentVector> segments) {
    return new TrackDocument(id, metadata, sha256(id), 10.0 * Math.max(1, segments.size()), bundle, embedding, segments,
        Instant.ofEpochMilli(1_700_000_000_000L));
  }

  public static TrackDocument randomTrack(Random random, String id, String bundle, int dim, int segments, TrackMetadata metadata) {
    List<SegmentVector> segs = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      segs.add(new SegmentVector(10.0 * s, 10.0 * (s + 1), randomUnit(random, dim)));
    }
    return track(id, bundle, randomUnit(random, dim), metadata, segs);
  }

  /** Exact top-k ids by dot product among the given tracks that pass the filter. */
  static List<String> bruteForce(List<TrackDocument> tracks, VectorQuery query) {
    return tracks.stream()
        .filter(t -> t.bundleId().equals(query.bundleId()))
        .filter(t -> query.filter().matches(t.info()))
        .sorted(Comparator.comparingDouble((TrackDocument t) -> -Vectors.dot(t.embedding(), query.vector())))
        .limit(query.topK())
        .map(TrackDocument::id)
        .toList();
  }
}
