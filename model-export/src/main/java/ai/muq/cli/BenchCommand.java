package ai.muq.cli;

import ai.muq.bench.BenchReport;
import ai.muq.bench.BenchResults;
import ai.muq.bench.BenchRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: encoder speed next to the machine's MatMul, precisions, ORT settings. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmarks the exported MuQ encoder (random weights) in ONNX Runtime: audio seconds per second and",
      "achieved GFLOP/s next to a plain fp32 MatMul in the same run; fp32 / fp16-weights / int8 precision;",
      "graph optimisation levels and thread settings. Prints figures and writes Markdown + JSON."
    })
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--configs", split = ",", defaultValue = "base,large", description = "Configurations (default ${DEFAULT-VALUE}).")
  List<String> configs;

  @Option(names = "--batch-sizes", split = ",", defaultValue = "1,8", description = "Batch sizes (default ${DEFAULT-VALUE}).")
  List<Integer> batchSizes;

  @Option(names = "--clip-seconds", defaultValue = "10", description = "Clip length in seconds (default ${DEFAULT-VALUE}).")
  double clipSeconds;

  @Option(names = "--repeats", defaultValue = "3", description = "Timed runs per figure, median reported (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--warmup", defaultValue = "1", description = "Untimed warm-up runs per figure (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--sweep-config", description = "Configuration of the precision / optimisation-level / thread sweeps (default: the first of --configs).")
  String sweepConfig;

  @Option(names = "--no-sweeps", description = "Only throughput, no precision / level / thread sweeps.")
  boolean noSweeps;

  @Option(names = "--profile", description = "Always profile the sweep configuration (default: only when it is below 60%% of MatMul).")
  boolean profile;

  @Option(names = "--matmul-size", defaultValue = "2048", description = "Reference MatMul size n (n x n x n, default ${DEFAULT-VALUE}).")
  int matmulSize;

  @Option(names = "--eval-manifest", description = "Manifest for the probe accuracy of each precision (optional).")
  Path evalManifest;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random weights (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--work-dir", description = "Where to export the graphs (default: a temp dir, deleted at the end).")
  Path workDir;

  @Option(names = "--checkpoint", description = "A pretrain or train-mulan run: the precision, level and thread sweeps measure its trained encoder (the sweep configuration becomes the run's).")
  Path checkpoint;

  @Option(names = "--include", description = "JSON figures of another benchmark (benchmarks.jar service --json=, index --json=) to gather into the report; repeatable.")
  List<Path> include = new java.util.ArrayList<>();

  @Option(names = "--out", defaultValue = "bench-report.md", description = "Markdown report; JSON beside it (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    String sweep = noSweeps ? null : (sweepConfig != null ? sweepConfig : configs.getFirst());
    for (Path p : include) {
      if (!Files.isRegularFile(p)) {
        throw new CliException("--include " + p + ": no such file");
      }
    }
    if (checkpoint != null) {
      if (noSweeps) {
        throw new CliException("--checkpoint is for the sweeps; it cannot go with --no-sweeps");
      }
      String trained;
      try {
        trained = ai.muq.train.CheckpointEncoders.config(checkpoint).name();
      } catch (java.io.IOException | RuntimeException e) {
        throw new CliException("--checkpoint " + checkpoint + ": " + e.getMessage());
      }
      if (sweepConfig != null && !sweepConfig.equals(trained)) {
        throw new CliException("--sweep-config " + sweepConfig + " differs from the checkpoint's configuration " + trained);
      }
      sweep = trained;
    }
    Path work = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("muq-bench");
    try {
      BenchRunner.Options options = new BenchRunner.Options(
          configs, batchSizes, clipSeconds, warmup, repeats, sweep, matmulSize, evalManifest,
          profile ? Double.POSITIVE_INFINITY : 0.6, seed, work, checkpoint);
      BenchResults r = new BenchRunner(options, System.out).run();
      String command = "model-export bench --configs " + String.join(",", configs) + " --batch-sizes "
          + String.join(",", batchSizes.stream().map(String::valueOf).toList()) + " --clip-seconds " + clipSeconds
          + " --repeats " + repeats + (sweep == null ? " --no-sweeps" : " --sweep-config " + sweep)
          + (profile ? " --profile" : "") + (checkpoint != null ? " --checkpoint " + checkpoint : "")
          + (evalManifest != null ? " --eval-manifest " + evalManifest : "");
      Path json = BenchReport.write(r, out, command, include);
      System.out.println("wrote " + out + " and " + json);
    } finally {
      if (workDir == null) {
        EvalCommand.deleteTree(work);
      }
    }
    return 0;
  }
}
