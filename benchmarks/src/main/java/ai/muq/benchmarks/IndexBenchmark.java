package ai.muq.benchmarks;

import ai.muq.library.TrackDocument;
import ai.muq.library.TrackMetadata;
import ai.muq.library.VectorQuery;
import ai.muq.library.Vectors;
import ai.muq.report.MeasuredFigures;
import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import ai.muq.library.TestVectors;
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
 * <p>Run: {@code java -Xmx4g -jar benchmarks/target/benchmarks.jar index
 * --n=100000 --dim=512}. Options (all
 * {@code --key=value}): n, dim, queries (default 1000), recall-queries (default 200), max-conn,
 * beam-width, candidates, threads (indexing threads, default: cores), force-merge (segments after
 * the build, 0 = leave as built), dir (default: a temporary directory, deleted afterwards), seed,
 * data ({@code uniform}: isotropic random unit vectors, HNSW's worst case; {@code clustered}: tight
 * groups around 1 000 centres with queries near the data, like real embeddings), sweep (candidate
 * counts measured for latency and recall on the same index), json (a file for the figures, which
 * {@code model-export bench --include} gathers into the benchmark report), reuse ({@code true}: an
 * index already in {@code dir} with the same n, data and seed is measured without building it
 * again, so a long build can run once and the searches be timed later on a quiet machine).
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

  /** One candidate count of a sweep: latency and recall on the same index. */
  public record SweepPoint(int candidates, double p50Ms, double p99Ms, double recallAt10) {}

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
    boolean reuse = Boolean.parseBoolean(opts.getOrDefault("reuse", "false"));
    TestVectors.Data data = TestVectors.Data.valueOf(opts.getOrDefault("data", "uniform").toUpperCase(java.util.Locale.ROOT));
    Path json = opts.containsKey("json") ? Path.of(opts.get("json")) : null;
    boolean temporary = !opts.containsKey("dir");
    Path dir = temporary ? Files.createTempDirectory("muq-index-bench") : Path.of(opts.get("dir"));
    System.out.printf("settings: %s data=%s threads=%d force_merge=%d cores=%d max_heap=%dMiB%n", settings, data, threads,
        forceMerge, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    try {
      List<SweepPoint> points = new ArrayList<>();
      Result result = run(dir, n, dim, settings, threads, batch, queries, recallQueries, forceMerge, seed, sweep, data, points,
          reuse);
      System.out.println(result.describe());
      if (json != null) {
        writeJson(json, String.join(" ", args), data, settings, result, points);
        System.out.println("figures written to " + json);
      }
    } finally {
      if (temporary) {
        deleteRecursively(dir);
      }
    }
  }

  /** Builds an index of uniform random vectors in {@code dir}, measures and closes it. */
  public static Result run(Path dir, int n, int dim, LuceneIndexSettings settings, int threads, int batch, int queries,
      int recallQueries, int forceMerge, long seed, int[] sweepCandidates) throws Exception {
    return run(dir, n, dim, settings, threads, batch, queries, recallQueries, forceMerge, seed, sweepCandidates,
        TestVectors.Data.UNIFORM, new ArrayList<>(), false);
  }

  /** Builds the index in {@code dir}, measures (sweep points into {@code sweepOut}) and closes it. */
  public static Result run(Path dir, int n, int dim, LuceneIndexSettings settings, int threads, int batch, int queries,
      int recallQueries, int forceMerge, long seed, int[] sweepCandidates, TestVectors.Data kind, List<SweepPoint> sweepOut,
      boolean reuse) throws Exception {
    float[] data = kind.vectors(n, dim, seed);
    Path stamp = dir.resolve("benchmark-build.txt");
    String identity = "n=" + n + " dim=" + dim + " data=" + kind + " seed=" + seed;
    boolean built = reuse && Files.isRegularFile(stamp) && Files.readString(stamp).startsWith(identity + "\n");
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
      if (built) {
        System.err.println("reusing the index built before: " + Files.readString(stamp).strip());
      } else {
        build(index, data, n, dim, threads, batch, bundle, sha, now, t0);
      }
      if (forceMerge > 0 && !built) {
        index.forceMerge(forceMerge);
      }
      double buildSeconds = (System.nanoTime() - t0) / 1e9;
      if (built) {
        buildSeconds = Double.parseDouble(Files.readString(stamp).lines().skip(1).findFirst().orElse("NaN"));
      } else {
        Files.writeString(stamp, identity + "\n" + buildSeconds + "\n");
      }
      segments = index.segmentCount();
      System.gc();
      heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() - (long) data.length * Float.BYTES;

      SplittableRandom random = new SplittableRandom(seed + 1);
      double[] latency = latencies(index, bundle, data, n, dim, queries, random, settings.searchCandidates(), kind);
      p50 = latency[0];
      p99 = latency[1];
      recall = recallAt10(index, bundle, data, n, dim, recallQueries, random, settings.searchCandidates(), kind);
      for (int candidates : sweepCandidates) {
        double[] l = latencies(index, bundle, data, n, dim, queries, new SplittableRandom(seed + 5), candidates, kind);
        double r = recallAt10(index, bundle, data, n, dim, recallQueries, new SplittableRandom(seed + 7), candidates, kind);
        System.out.printf("sweep candidates=%d search_top10 p50=%.2fms p99=%.2fms recall@10=%.4f%n", candidates, l[0], l[1], r);
        sweepOut.add(new SweepPoint(candidates, l[0], l[1], r));
      }
      long diskBytes = directorySize(dir);
      return new Result(n, dim, buildSeconds, diskBytes, heap, segments, p50, p99, recall);
    }
  }

  /** Writes the vectors in batches from {@code threads} threads, as bulk ingest does. */
  private static void build(LuceneTrackIndex index, float[] data, int n, int dim, int threads, int batch, String bundle,
      String sha, Instant now, long t0) throws Exception {
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
  }

  /** Single-thread top-10 search latency {p50, p99} in ms, after up to 200 warm-up queries. */
  static double[] latencies(LuceneTrackIndex index, String bundle, float[] data, int n, int dim, int queries,
      SplittableRandom random, int candidates, TestVectors.Data kind) {
    int warmup = Math.min(200, queries);
    long[] latencies = new long[queries];
    for (int q = -warmup; q < queries; q++) {
      float[] query = kind.query(random, data, n, dim);
      long s = System.nanoTime();
      index.search(new VectorQuery(bundle, query, 10), candidates);
      if (q >= 0) {
        latencies[q] = System.nanoTime() - s;
      }
    }
    Arrays.sort(latencies);
    return new double[] {latencies[(int) (queries * 0.50)] / 1e6, latencies[Math.min(queries - 1, (int) (queries * 0.99))] / 1e6};
  }

  /** Mean fraction of the exact top 10 that the index returns, over fresh random queries. */
  public static double recallAt10(LuceneTrackIndex index, String bundle, float[] data, int n, int dim, int queries,
      SplittableRandom random, int candidates) {
    return recallAt10(index, bundle, data, n, dim, queries, random, candidates, TestVectors.Data.UNIFORM);
  }

  static double recallAt10(LuceneTrackIndex index, String bundle, float[] data, int n, int dim, int queries,
      SplittableRandom random, int candidates, TestVectors.Data kind) {
    float[][] qs = new float[queries][];
    for (int q = 0; q < queries; q++) {
      qs[q] = kind.query(random, data, n, dim);
    }
    double total = IntStream.range(0, queries).parallel().mapToDouble(q -> {
      Set<String> exact = new HashSet<>();
      for (int i : TestVectors.exactTop(n, row -> true, row -> TestVectors.dot(data, row, dim, qs[q]), 10)) {
        exact.add(id(i));
      }
      long found = index.search(new VectorQuery(bundle, qs[q], 10), candidates).stream().filter(h -> exact.contains(h.track().id())).count();
      return found / 10.0;
    }).sum();
    return total / queries;
  }

  /** The figures as JSON in the shape {@code model-export bench --include} reads (title, columns, rows). */
  static void writeJson(Path file, String args, TestVectors.Data data, LuceneIndexSettings settings, Result r, List<SweepPoint> sweep)
      throws IOException {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(row(r, data, settings.searchCandidates(), r.p50Ms(), r.p99Ms(), r.recallAt10()));
    for (SweepPoint p : sweep) {
      rows.add(row(r, data, p.candidates(), p.p50Ms(), p.p99Ms(), p.recallAt10()));
    }
    new MeasuredFigures(
        "Library index (embedded Lucene HNSW): " + r.n() + " x " + r.dim() + "-d, " + data.name().toLowerCase(),
        "IndexBenchmark " + args, MeasuredFigures.thisMachine(),
        List.of("n", "data", "candidates", "build s", "disk MiB", "heap MiB", "segments", "p50 ms", "p99 ms", "recall@10"),
        rows, List.of()).write(file);
  }

  private static List<Object> row(Result r, TestVectors.Data data, int candidates, double p50, double p99, double recall) {
    return List.of(r.n(), data.name().toLowerCase(), candidates, round(r.buildSeconds(), 1),
        round(r.diskBytes() / 1048576.0, 1), round(r.heapBytes() / 1048576.0, 1), r.segments(),
        round(p50, 2), round(p99, 2), round(recall, 4));
  }

  private static double round(double x, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  static String id(int i) {
    return "v%08d".formatted(i);
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
