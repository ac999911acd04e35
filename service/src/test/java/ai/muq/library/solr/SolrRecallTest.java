package ai.muq.library.solr;

import ai.muq.library.TestVectors;
import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.TrackFilter;
import ai.muq.library.TrackHit;
import ai.muq.library.VectorQuery;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recall@10 of the Solr backend's knn search against brute force on normalised 512-d vectors
 * (uniform and clustered, two bundles in one 2-shard collection), with and without filters, at the
 * default candidate count {@link SolrLibrarySettings#DEFAULT_KNN_TOP_K}.
 *
 * <p>The normal run uses the 100 000 vectors per set (building the HNSW graphs in the test
 * cluster takes most of the time); {@code -Dmuq.solr.recall.n} changes the size.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SolrRecallTest {

  static final int N = Integer.getInteger("muq.solr.recall.n", 100_000);
  static final int QUERIES = 50;
  static final double REQUIRED_RECALL = 0.95;

  private SolrTrackIndex index;
  private float[][] uniform;
  private float[][] clustered;

  @BeforeAll
  void ingest() {
    index = SolrTrackIndex.open(SolrTestCluster.shared().settings("recall-" + N, 2, 1));
    uniform = RecallData.vectors(false, N, 1);
    clustered = RecallData.vectors(true, N, 2);
    if (index.count() != 2L * N) {
      long start = System.nanoTime();
      for (int from = 0; from < N; from += 10_000) {
        index.upsertAll(RecallData.tracks("u", "uniform", uniform, from, Math.min(N, from + 10_000)));
        index.upsertAll(RecallData.tracks("c", "clustered", clustered, from, Math.min(N, from + 10_000)));
      }
      System.out.printf("recall: ingested %d tracks in %.1f s%n", 2 * N, (System.nanoTime() - start) / 1e9);
    }
  }

  @AfterAll
  void close() {
    if (index != null) {
      index.close();
    }
  }

  @ParameterizedTest(name = "{0} filter={1}")
  @CsvSource({"uniform,none", "uniform,tag", "uniform,artist", "clustered,none", "clustered,tag", "clustered,artist"})
  void recallAtTenIsAtLeast95Percent(String set, String filterKind) {
    boolean isClustered = set.equals("clustered");
    float[][] base = isClustered ? clustered : uniform;
    float[][] queries = RecallData.queries(base, isClustered, QUERIES, 99);
    String prefix = isClustered ? "c" : "u";
    double found = 0;
    for (int q = 0; q < QUERIES; q++) {
      TrackFilter filter = switch (filterKind) {
        case "tag" -> new TrackFilter(List.of(RecallData.tag(q)), null, null, null, null);
        case "artist" -> new TrackFilter(null, null, RecallData.artist(q), null, null);
        default -> TrackFilter.NONE;
      };
      Set<String> truth = java.util.Arrays.stream(RecallData.bruteForce(base, queries[q], 10, filter))
          .mapToObj(i -> prefix + i).collect(Collectors.toSet());
      List<TrackHit> hits = index.search(new VectorQuery(set, queries[q], 10, filter, 0));
      assertThat(hits).hasSize(10).allSatisfy(h -> assertThat(filter.matches(h.track())).isTrue());
      Set<String> got = hits.stream().map(h -> h.track().id()).collect(Collectors.toCollection(HashSet::new));
      got.retainAll(truth);
      found += got.size();
    }
    double recall = found / (QUERIES * 10.0);
    System.out.printf("recall@10 %s filter=%s: %.3f%n", set, filterKind, recall);
    assertThat(recall).isGreaterThanOrEqualTo(REQUIRED_RECALL);
  }
}
