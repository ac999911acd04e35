package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.bundle.BundleManifest;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.BundleWeights;
import ai.muq.onnx.OnnxOps;
import ai.muq.onnx.StftFrontEnd;
import ai.muq.train.MaskedPretraining;
import ai.muq.train.MulanTraining;
import ai.muq.train.Runs;
import ai.muq.train.TrainCheckpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export}: writes a model bundle (ONNX graphs + bundle.json). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Exports a model to an ONNX bundle (graphs + bundle.json).")
public final class ExportCommand implements Callable<Integer> {

  @Option(names = "--config", description = "Named configuration for --random-init: tiny, small, base, large.")
  String config;

  @Option(names = "--checkpoint", description = "A pretrain (bundle kind muq) or train-mulan (kind muq-mulan) run directory to export.")
  Path checkpoint;

  @Option(names = "--random-init", description = "Export randomly initialised weights (no checkpoint).")
  boolean randomInit;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the random initialisation (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--kind", defaultValue = "muq-mulan", description = "Bundle kind: muq or muq-mulan (default ${DEFAULT-VALUE}).")
  String kind;

  @Option(names = "--bundle", paramLabel = "DIR",
      description = "Re-export an existing bundle's weights (read from its graphs' initializers), e.g. with another --stft.")
  Path bundle;

  @Option(names = "--precision", paramLabel = "fp32|fp16|int8",
      description = "fp32; fp16 (weights stored fp16, computed fp32); int8 (static QDQ int8 audio graphs, calibrated)."
          + " Default fp32; with --bundle: the bundle's.")
  String precision;

  @Option(names = "--calibration", paramLabel = "DIR",
      description = "int8: a folder of audio whose activation ranges set the scales (default: built-in rendered clips).")
  Path calibration;

  @picocli.CommandLine.Mixin
  FrontEndOptions frontEndOptions = new FrontEndOptions();

  @Option(names = "--name", description = "Model name in bundle.json (default muq[-mulan]-CONFIG).")
  String name;

  @Option(names = "--out", required = true, description = "Output bundle directory.")
  Path out;

  @Mixin LicenseOptions licence = new LicenseOptions();

  @Override
  public Integer call() throws Exception {
    int sources = (randomInit ? 1 : 0) + (checkpoint != null ? 1 : 0) + (bundle != null ? 1 : 0);
    if (sources != 1) {
      throw new CliException("export needs exactly one of --random-init (with --config), --checkpoint RUN or --bundle DIR");
    }
    if (randomInit && config == null) {
      throw new CliException("--random-init needs --config");
    }
    BundleManifest source = bundle == null ? null : readBundle(bundle);
    if (precision == null) {
      precision = source != null && "float16".equals(source.producer().get("weights")) ? "fp16" : "fp32";
    }
    StftFrontEnd frontEnd = frontEndOptions.frontEnd();
    BundleExporter exporter = exporter(precision, frontEnd, calibration);
    Engines.init();
    if (checkpoint != null) {
      return exportCheckpoint(exporter);
    }
    if (source != null) {
      return reexport(exporter, source);
    }
    ModelConfig cfg = ModelConfig.named(config);
    try (NDManager manager = NDManager.newBaseManager()) {
      BundleManifest manifest;
      switch (kind) {
        case "muq" -> {
          MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
          ParamStore store = Models.randomMuq(manager, model, seed);
          manifest = exporter.exportMuq(store, model, cfg, name != null ? name : "muq-" + config, out);
        }
        case "muq-mulan" -> {
          MulanModel model = new MulanModel(cfg);
          ParamStore store = Models.randomMulan(manager, model, seed);
          manifest = exporter.exportMulan(store, model, name != null ? name : "muq-mulan-" + config,
              BundleExporter.TextBackbone.bgeSmallEn(), out);
        }
        default -> throw new CliException("--kind must be muq or muq-mulan, not '" + kind + "'");
      }
      finish(manifest);
    }
    return 0;
  }

  /** Writes the licence options into bundle.json and prints the bundle. */
  private void finish(BundleManifest exported) throws java.io.IOException {
    BundleManifest manifest = exported.withLicense(licence.license, licence.licenseNotes);
    manifest.write(out);
    System.out.println("licence of the weights: " + manifest.license());
    print(manifest);
  }

  /** The exporter for a --precision (with --calibration for int8): shared by export and import. */
  static BundleExporter exporter(String precision, StftFrontEnd frontEnd, Path calibration) throws java.io.IOException {
    if (calibration != null && !"int8".equals(precision)) {
      throw new CliException("--calibration applies only to --precision int8");
    }
    return switch (precision) {
      case "fp32" -> new BundleExporter(OnnxOps.WeightType.FLOAT32, frontEnd);
      case "fp16" -> new BundleExporter(OnnxOps.WeightType.FLOAT16, frontEnd);
      case "int8" -> BundleExporter.int8(frontEnd, calibration != null
          ? ai.muq.onnx.CalibrationAudio.fromDir(calibration, ai.muq.onnx.CalibrationAudio.MAX_FOLDER_CLIPS) : ai.muq.onnx.CalibrationAudio.builtIn());
      default -> throw new CliException("--precision must be fp32, fp16 or int8, not '" + precision + "'");
    };
  }

  private static BundleManifest readBundle(Path dir) {
    try {
      return BundleManifest.read(dir);
    } catch (java.io.IOException e) {
      throw new CliException("--bundle " + dir + ": " + e.getMessage());
    }
  }

  /** Re-exports the weights held by a bundle's graphs under this command's front-end and precision. */
  private int reexport(BundleExporter exporter, BundleManifest source) throws Exception {
    ModelConfig cfg = ModelConfig.fromMap(source.config());
    String bundleName = name != null ? name : source.name();
    try (NDManager manager = NDManager.newBaseManager()) {
      BundleManifest manifest;
      if (BundleManifest.KIND_MUQ.equals(source.kind())) {
        MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
        ParamStore store = new ParamStore(manager, model.params());
        reportUnused(BundleWeights.load(bundle, store));
        manifest = exporter.exportMuq(store, model, cfg, bundleName, out);
      } else if (source.text() != null && "hidden_states".equals(source.text().input())) {
        MulanModel model = new MulanModel(cfg);
        ParamStore store = new ParamStore(manager, model.params());
        java.util.List<String> unused = new java.util.ArrayList<>(BundleWeights.load(bundle, store));
        // The temperature is no graph's initializer; bundle.json holds it as exp(log temperature).
        store.set(MulanModel.TEMPERATURE, new float[] {(float) Math.log(source.temperature())});
        unused.remove(MulanModel.TEMPERATURE);
        reportUnused(unused);
        manifest = exporter.exportMulan(store, model, bundleName,
            BundleExporter.TextBackbone.packaged(source.text().backbone()), out);
      } else {
        throw new CliException("--bundle re-exports muq bundles and trained muq-mulan bundles; for an imported release run import again");
      }
      // Same weights, same licence: the source bundle's stands unless --license names another.
      if (licence.license == null) {
        licence.license = source.license();
        licence.licenseNotes = licence.licenseNotes != null ? licence.licenseNotes : source.licenseNotes();
      }
      finish(manifest);
    }
    return 0;
  }

  private static void reportUnused(java.util.List<String> unused) {
    if (!unused.isEmpty()) {
      System.out.println("  " + unused.size() + " parameters are in no graph (not needed by the export), e.g. " + unused.getFirst());
    }
  }

  private void print(BundleManifest manifest) {
    System.out.println("wrote bundle " + manifest.id() + " to " + out.toAbsolutePath());
    manifest.files().forEach((f, e) -> System.out.printf("  %-20s %,12d bytes  sha256 %s%n", f, e.bytes(), e.sha256()));
  }

  private int exportCheckpoint(BundleExporter exporter) throws Exception {
    TrainCheckpoint.State state = Runs.state(checkpoint, null);
    ModelConfig cfg = Runs.config(state);
    try (NDManager manager = NDManager.newBaseManager()) {
      BundleManifest manifest;
      switch (state.kind()) {
        case MaskedPretraining.KIND -> {
          MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
          ParamStore store = Runs.loadAll(checkpoint, new ParamStore(manager, model.params()));
          manifest = exporter.exportMuq(store, model, cfg, name != null ? name : "muq-" + cfg.name(), out);
        }
        case MulanTraining.KIND -> {
          MulanModel model = new MulanModel(cfg);
          ParamStore store = Runs.loadAll(checkpoint, new ParamStore(manager, model.params()));
          String backbone = String.valueOf(state.extra().get("text_backbone"));
          manifest = exporter.exportMulan(store, model, name != null ? name : "muq-mulan-" + cfg.name(),
              BundleExporter.TextBackbone.packaged(backbone), out);
        }
        default -> throw new CliException(checkpoint + " holds a " + state.kind() + " run; export takes pretrain or train-mulan runs");
      }
      finish(manifest);
    }
    return 0;
  }
}
