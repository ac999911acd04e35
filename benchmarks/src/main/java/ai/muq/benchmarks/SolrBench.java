package ai.muq.benchmarks;

import ai.muq.library.solr.RecallData;
import ai.muq.library.solr.SolrLibrarySettings;
import ai.muq.library.solr.SolrTestCluster;
import ai.muq.library.solr.SolrTrackIndex;
import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import ai.muq.library.TrackFilter;
import ai.muq.library.TrackIndex;
import ai.muq.library.VectorQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Ingest rate, search latency (top-10, p50/p99, one thread) and recall@10 of the SolrCloud backend
 * on the two-node test cluster (2 shards x 1 replica) against the embedded Lucene backend, on the
 * same vectors and the same queries. Command: see docs/solr.md; arguments {@code [n] [uniform|clustered] [queries]}.
 */
public final class SolrBench {

  private SolrBench() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    boolean clustered = args.length > 1 && args[1].equals("clustered");
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 200;
    float[][] base = RecallData.vectors(clustered, n, 1);
    float[][] probes = RecallData.queries(base, clustered, queries, 7);
    int[][] truth = new int[queries][];
    for (int q = 0; q < queries; q++) {
      truth[q] = RecallData.bruteForce(base, probes[q], 10, TrackFilter.NONE);
    }
    System.out.printf("%d %s 512-d vectors, %d queries, top-10%n", n, clustered ? "clustered" : "uniform", queries);

    Path dir = Files.createTempDirectory("lucene-bench");
    try (TrackIndex lucene = new LuceneTrackIndex(dir, LuceneIndexSettings.DEFAULT)) {
      run("lucene (embedded)", lucene, base, probes, truth);
    }
    try (TrackIndex solr = SolrTrackIndex.open(SolrTestCluster.shared().settings("bench-" + n + (clustered ? "c" : "u"), 2, 1))) {
      run("solr (2 nodes, 2 shards, knn-top-k " + SolrLibrarySettings.DEFAULT_KNN_TOP_K + ")", solr, base, probes, truth);
    }
    System.exit(0);
  }

  private static void run(String name, TrackIndex index, float[][] base, float[][] probes, int[][] truth) {
    long start = System.nanoTime();
    int batch = 10_000;
    for (int from = 0; from < base.length; from += batch) {
      index.upsertAll(RecallData.tracks("v", "bench", base, from, Math.min(base.length, from + batch)));
    }
    double ingestSeconds = (System.nanoTime() - start) / 1e9;
    for (int q = 0; q < Math.min(50, probes.length); q++) {
      index.search(new VectorQuery("bench", probes[q], 10)); // warm-up
    }
    long[] nanos = new long[probes.length];
    double found = 0;
    for (int q = 0; q < probes.length; q++) {
      long t = System.nanoTime();
      var hits = index.search(new VectorQuery("bench", probes[q], 10));
      nanos[q] = System.nanoTime() - t;
      Set<String> expected = Arrays.stream(truth[q]).mapToObj(i -> "v" + i).collect(Collectors.toSet());
      Set<String> got = hits.stream().map(h -> h.track().id()).collect(Collectors.toCollection(HashSet::new));
      got.retainAll(expected);
      found += got.size();
    }
    Arrays.sort(nanos);
    System.out.printf("%-45s ingest %7.1f tracks/s (%.0f s)  search p50 %6.1f ms  p99 %6.1f ms  recall@10 %.3f%n", name,
        base.length / ingestSeconds, ingestSeconds, nanos[nanos.length / 2] / 1e6,
        nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6, found / (probes.length * 10.0));
  }
}
