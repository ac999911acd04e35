package ai.muq.cli;

import ai.muq.audio.AudioLimits;
import ai.muq.audio.AudioLoader;
import ai.muq.eval.BundleRunner;
import ai.muq.eval.EvalManifest;
import ai.muq.eval.EvalReport;
import ai.muq.eval.EvalResults;
import ai.muq.eval.EvalTrack;
import ai.muq.eval.Evaluator;
import ai.muq.eval.RandomBundles;
import ai.muq.eval.RealMusicEval;
import ai.muq.eval.SoftmaxProbe;
import ai.muq.bundle.BundleManifest;
import ai.muq.onnx.OnnxOps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code eval}: zero-shot tagging, linear probing and retrieval of a bundle, with baselines. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluates a model bundle on a manifest: linear probing per layer of every classification label,",
      "zero-shot tagging (ROC-AUC / PR-AUC macro over tags) and caption retrieval (R@1/5/10, median rank),",
      "next to MFCC-statistics features and a randomly initialised model of the same configuration;",
      "with --real-music DIR, same-track segment retrieval (0:20 vs 1:10) and zero-shot tags on real recordings.",
      "Writes report.md, metrics.json and PNG plots."
    })
public final class EvalCommand implements Callable<Integer> {

  @Option(names = "--bundle", required = true, description = "Bundle directory (bundle.json + ONNX graphs).")
  Path bundle;

  @Option(names = "--manifest", description = "JSONL, CSV or MagnaTagATune annotations_final.csv.")
  Path manifest;

  @Option(names = "--real-music", description = {
      "Folder of real recordings (repeatable): same-track retrieval of the 10 s segment at 0:20 among the",
      "segments at 1:10 of every track of at least 100 s, and the model's genre and instrument tags per track."})
  List<Path> realMusic = List.of();

  @Option(names = "--audio-root", description = "Base of relative audio paths (default: the manifest's folder).")
  Path audioRoot;

  @Option(names = "--prompt-template", defaultValue = "{label} music",
      description = "Zero-shot prompt template(s) with {label}; repeat the option for several (default '${DEFAULT-VALUE}').")
  List<String> templates;

  @Option(names = "--baseline-bundle", description = "Baseline bundle (default: a random-init export of the model's configuration).")
  Path baselineBundle;

  @Option(names = "--random-baseline-seed", defaultValue = "12345",
      description = "Seed of the on-the-fly random-init baseline (default ${DEFAULT-VALUE}).")
  long randomBaselineSeed;

  @Option(names = "--no-baseline", description = "Skip the random-init model baseline (MFCC is always run).")
  boolean noBaseline;

  @Option(names = "--labels", split = ",", description = "Classification labels to probe (default: every label with at most 50 classes).")
  List<String> labels = List.of();

  @Option(names = "--top-tags", defaultValue = "50", description = "MagnaTagATune: most frequent tags kept (default ${DEFAULT-VALUE}).")
  int topTags;

  @Option(names = "--mfcc-coefficients", defaultValue = "20", description = "MFCC coefficients (default ${DEFAULT-VALUE}).")
  int mfccCoefficients;

  @Option(names = "--probe-l2", defaultValue = "1e-3", description = "L2 penalty of the probes (default ${DEFAULT-VALUE}).")
  double probeL2;

  @Option(names = "--probe-iterations", defaultValue = "300", description = "Full-batch Adam steps of the probes (default ${DEFAULT-VALUE}).")
  int probeIterations;

  @Option(names = "--out", defaultValue = "eval-report", description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(bundle.resolve(BundleManifest.FILE_NAME))) {
      throw new CliException("no bundle.json in " + bundle);
    }
    if (mfccCoefficients < 1 || mfccCoefficients > 128) {
      throw new CliException("--mfcc-coefficients must be in 1..128");
    }
    if (manifest == null && realMusic.isEmpty()) {
      throw new CliException("give --manifest FILE, --real-music DIR, or both");
    }
    for (Path dir : realMusic) {
      if (!Files.isDirectory(dir)) {
        throw new CliException("--real-music " + dir + " is not a folder");
      }
    }
    List<EvalTrack> tracks = manifest == null ? List.of() : EvalManifest.read(manifest, audioRoot, topTags);
    if (manifest != null) {
      System.out.printf("%d tracks from %s%n", tracks.size(), manifest);
    }
    Path tempBaseline = null;
    try (BundleRunner model = new BundleRunner(bundle)) {
      Path baseDir = baselineBundle;
      if (baseDir == null && !noBaseline) {
        tempBaseline = Files.createTempDirectory("muq-eval-baseline");
        String config = RandomBundles.configName(model.manifest());
        System.out.printf("exporting random-init %s baseline (seed %d) to %s%n", config, randomBaselineSeed, tempBaseline);
        RandomBundles.export(config, model.manifest().kind(), randomBaselineSeed, OnnxOps.WeightType.FLOAT32, tempBaseline);
        baseDir = tempBaseline;
      }
      try (BundleRunner baseline = baseDir == null ? null : new BundleRunner(baseDir)) {
        Evaluator.Settings settings = new Evaluator.Settings(
            templates, new SoftmaxProbe.Settings(probeL2, probeIterations, 0.05), mfccCoefficients, labels);
        AudioLoader loader = new AudioLoader(AudioLimits.unlimited());
        EvalResults results = new Evaluator(model, baseline, loader, settings, System.out).run(tracks);
        List<EvalResults.RealMusic> real = new java.util.ArrayList<>();
        RealMusicEval realEval = new RealMusicEval(model, baseline, loader, templates.getFirst(), mfccCoefficients, System.out);
        for (Path dir : realMusic) {
          try {
            real.add(realEval.run(dir));
          } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
          }
        }
        results = results.withRealMusic(real);
        EvalReport.write(results, out);
        System.out.println("wrote " + out.resolve(EvalReport.REPORT_FILE) + " and " + out.resolve(EvalReport.METRICS_FILE));
      }
    } finally {
      if (tempBaseline != null) {
        deleteTree(tempBaseline);
      }
    }
    return 0;
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

}
