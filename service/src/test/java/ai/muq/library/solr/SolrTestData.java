package ai.muq.library.solr;

import ai.muq.library.SegmentVector;
import ai.muq.library.TrackDocument;
import ai.muq.library.TestVectors;
import ai.muq.library.TrackMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Seeded synthetic tracks for the Solr-specific tests. */
final class SolrTestData {

  private SolrTestData() {}

  static float[] randomUnit(Random random, int dim) {
    return TestVectors.randomUnit(random, dim);
  }

  static TrackDocument track(String id, String bundle, float[] embedding, TrackMetadata metadata, List<SegmentVector> segments) {
    String sha = HexFormat.of().formatHex(Integer.toHexString(id.hashCode()).getBytes());
    sha = (sha + "0".repeat(64)).substring(0, 64);
    return new TrackDocument(id, metadata, sha, 30, bundle, embedding, segments, Instant.ofEpochMilli(1_700_000_000_000L));
  }

  static TrackDocument randomTrack(Random random, String id, String bundle, int dim, int segments) {
    List<SegmentVector> segs = new ArrayList<>();
    for (int s = 0; s < segments; s++) {
      segs.add(new SegmentVector(10.0 * s, 10.0 * (s + 1), randomUnit(random, dim)));
    }
    return track(id, bundle, randomUnit(random, dim), TrackMetadata.EMPTY, segs);
  }
}
