package ai.muq.library;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;

/** Seeded random unit vectors, synthetic tracks and the brute-force reference search. */
public final class TestVectors {

  private TestVectors() {}

  /** A seeded random direction of unit length (the one generator of the library tests). */
  public static float[] randomUnit(Random random, int dim) {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalized(v);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static TrackDocument track(String id, String bundle, float[] embedding, TrackMetadata metadata, List<SegmentVector> segments) {
    return new TrackDocument(id, metadata, sha256(id), 10.0 * Math.max(1, segments.size()), bundle, embedding, segments,
        Instant.ofEpochMilli(1_700_000_000_000L));
  }

  static TrackDocument randomTrack(Random random, String id, String bundle, int dim, int segments, TrackMetadata metadata) {
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
