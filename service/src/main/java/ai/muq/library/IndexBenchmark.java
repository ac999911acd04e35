package ai.muq.library;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Builds a {@link LuceneTrackIndex} of random unit vectors and prints build time, disk, heap,
 * search latency percentiles for top-10 and recall@10 against brute force.
 *
 * <p>Run: {@code java -Xmx4g -cp service/target/service.jar -Dloader.main=ai.muq.library.IndexBenchmark
 * org.springframework.boot.loader.launch.PropertiesLauncher --n=100000 --dim=512}. Options (all
 * {@code --key=value}): n, dim, queries (default 1000), recall-queries (default 200), max-conn,
 * beam-width, candidates, threads (indexing threads, default: cores), force-merge (segments after
 * the build, 0 = leave as built), dir (default: a temporary directory, deleted afterwards), seed.
 */
public final class IndexBenchmark {

  /** Result of one run; also used by the recall test. */
  public record Result(
      int n, int dim, double buildSeconds, long diskBytes, long heapBytes, int segments, double p50Ms, double p99Ms,
      double recallAt10) {

    public String describe() {
      return "n=%d dim=%d build=%.1fs disk=%.1fMiB heap_after_gc=%.1fMiB segments=%d search_top10 p50=%.2fms p99=%.2fms recall@10=%.4f"
          .formatted(n, dim, buildSeconds, diskBytes / 1048576.0, heapBytes / 1048576.0, segments, p50Ms, p99Ms, recallAt10);
    }
  }

  private IndexBenchmark() {}

  public static void main(String[] args) throws Exception {
    var opts = new java.util.HashMap<String, String>();
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        System.err.println("usage: IndexBenchmark [--key=value ...] (see class documentation), bad argument: " + arg);
        System.exit(2);
      }
      opts.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
    }
    int n = Integer.parseInt(opts.getOrDefault("n", "100000"));
    int dim = Integer.parseInt(opts.getOrDefault("dim", "512"));
    LuceneIndexSettings d = LuceneIndexSettings.DEFAULT;
    LuceneIndexSettings settings = new LuceneIndexSettings(
        Integer.parseInt(opts.getOrDefault("max-conn", "" + d.maxConn())),
        Integer.parseInt(opts.getOrDefault("beam-width", "" + d.beamWidth())),
        Integer.parseInt(opts.getOrDefault("candidates", "" + d.searchCandidates())),
        d.ramBufferMb());
    int threads = Integer.parseInt(opts.getOrDefault("threads", "" + Runtime.getRuntime().availableProcessors()));
    int queries = Integer.parseInt(opts.getOrDefault("queries", "1000"));
    int recallQueries = Integer.parseInt(opts.getOrDefault("recall-queries", "200"));
    int forceMerge = Integer.parseInt(opts.getOrDefault("force-merge", "0"));
    int batch = Integer.parseInt(opts.getOrDefault("batch", "10000"));
    int[] sweep = Arrays.stream(opts.getOrDefault("sweep", "").split(",")).filter(x -> !x.isBlank()).mapToInt(Integer::parseInt).toArray();
    long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
    boolean temporary = !opts.containsKey("dir");
    Path dir = temporary ? Files.createTempDirectory("muq-index-bench") : Path.of(opts.get("dir"));
    System.out.printf("settings: %s threads=%d force_merge=%d cores=%d max_heap=%dMiB%n", settings, threads, forceMerge,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    try {
      Result result = run(dir, n, dim, settings, threads, batch, queries, recallQueries, forceMerge, seed, sweep);
      System.out.println(result.describe());
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  /** Builds the index in {@code dir}, measures and closes it. */
  public static Result run(Path dir, int n, int dim, LuceneIndexSettings settings, int threads, int batch, int queries,
      int recallQueries, int forceMerge, long seed, int[] sweepCandidates) throws Exception {
    float[] data = randomUnitVectors(n, dim, seed);
    String bundle = "bench";
    String sha = "0".repeat(64);
    Instant now = Instant.now();
    long t0 = System.nanoTime();
    int segments;
    long heap;
    double p50;
    double p99;
    double recall;
    try (LuceneTrackIndex index = new LuceneTrackIndex(dir, settings)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < n; from += batch) {
          int start = from;
          int end = Math.min(n, from + batch);
          futures.add(pool.submit(() -> {
            List<TrackDocument> docs = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
              docs.add(new TrackDocument(id(i), TrackMetadata.EMPTY, sha, 0, bundle,
                  Arrays.copyOfRange(data, i * dim, (i + 1) * dim), List.of(), now));
            }
            index.upsertAll(docs);
          }));
        }
        for (int i = 0; i < futures.size(); i++) {
          futures.get(i).get();
          if ((i + 1) % Math.max(1, futures.size() / 10) == 0) {
            System.err.printf("indexed %d/%d (%.0fs)%n", Math.min(n, (i + 1) * batch), n, (System.nanoTime() - t0) / 1e9);
          }
        }
      } finally {
        pool.shutdown();
      }
      if (forceMerge > 0) {
        index.forceMerge(forceMerge);
      }
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      segments = index.segmentCount();
      System.gc();
      heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() - (long) data.length * Float.BYTES;

      SplittableRandom random = new SplittableRandom(seed + 1);
      int warmup = Math.min(200, queries);
      long[] latencies = new long[queries];
      for (int q = -warmup; q < queries; q++) {
        float[] query = randomUnit(random, dim);
        long s = System.nanoTime();
        index.search(new VectorQuery(bundle, query, 10));
        if (q >= 0) {
          latencies[q] = System.nanoTime() - s;
        }
      }
      Arrays.sort(latencies);
      p50 = latencies[(int) (queries * 0.50)] / 1e6;
      p99 = latencies[Math.min(queries - 1, (int) (queries * 0.99))] / 1e6;
      recall = recallAt10(index, bundle, data, n, dim, recallQueries, random, settings.searchCandidates());
      for (int candidates : sweepCandidates) {
        long s = System.nanoTime();
        double r = recallAt10(index, bundle, data, n, dim, recallQueries, new SplittableRandom(seed + 7), candidates);
        System.out.printf("sweep candidates=%d recall@10=%.4f (%.1fs incl. brute force)%n", candidates, r, (System.nanoTime() - s) / 1e9);
      }
      long diskBytes = directorySize(dir);
      return new Result(n, dim, buildSeconds, diskBytes, heap, segments, p50, p99, recall);
    }
  }

  /** Mean fraction of the exact top 10 that the index returns, over fresh random queries. */
  public static double recallAt10(LuceneTrackIndex index, String bundle, float[] data, int n, int dim, int queries,
      SplittableRandom random, int candidates) {
    float[][] qs = new float[queries][];
    for (int q = 0; q < queries; q++) {
      qs[q] = randomUnit(random, dim);
    }
    double total = IntStream.range(0, queries).parallel().mapToDouble(q -> {
      Set<String> exact = new HashSet<>();
      for (int i : exactTop(data, n, dim, qs[q], 10)) {
        exact.add(id(i));
      }
      long found = index.search(new VectorQuery(bundle, qs[q], 10), candidates).stream().filter(h -> exact.contains(h.track().id())).count();
      return found / 10.0;
    }).sum();
    return total / queries;
  }

  static int[] exactTop(float[] data, int n, int dim, float[] query, int k) {
    int[] best = new int[k];
    float[] bestScore = new float[k];
    Arrays.fill(bestScore, Float.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      float s = 0;
      int base = i * dim;
      for (int j = 0; j < dim; j++) {
        s += data[base + j] * query[j];
      }
      if (s > bestScore[k - 1]) {
        int pos = k - 1;
        while (pos > 0 && bestScore[pos - 1] < s) {
          bestScore[pos] = bestScore[pos - 1];
          best[pos] = best[pos - 1];
          pos--;
        }
        bestScore[pos] = s;
        best[pos] = i;
      }
    }
    return best;
  }

  static String id(int i) {
    return "v%08d".formatted(i);
  }

  static float[] randomUnitVectors(int n, int dim, long seed) {
    float[] data = new float[n * dim];
    IntStream.range(0, n).parallel().forEach(i -> {
      float[] v = randomUnit(new SplittableRandom(seed * 1_000_003L + i), dim);
      System.arraycopy(v, 0, data, i * dim, dim);
    });
    return data;
  }

  static float[] randomUnit(SplittableRandom random, int dim) {
    float[] v = new float[dim];
    for (int j = 0; j < dim; j++) {
      // sum of uniforms approximates a Gaussian closely enough for isotropic directions, and is cheap
      v[j] = (float) (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5);
    }
    return Vectors.normalized(v);
  }

  static long directorySize(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
