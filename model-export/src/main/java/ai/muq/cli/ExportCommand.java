package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.bundle.BundleManifest;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.OnnxOps;
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

  @Option(names = "--precision", defaultValue = "fp32", description = "Weight storage: fp32 or fp16 (default ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--name", description = "Model name in bundle.json (default muq[-mulan]-CONFIG).")
  String name;

  @Option(names = "--out", required = true, description = "Output bundle directory.")
  Path out;

  @Mixin LicenseOptions licence = new LicenseOptions();

  @Override
  public Integer call() throws Exception {
    if (randomInit == (checkpoint != null)) {
      throw new CliException("export needs exactly one of --random-init (with --config) or --checkpoint RUN");
    }
    if (randomInit && config == null) {
      throw new CliException("--random-init needs --config");
    }
    OnnxOps.WeightType weights = switch (precision) {
      case "fp32" -> OnnxOps.WeightType.FLOAT32;
      case "fp16" -> OnnxOps.WeightType.FLOAT16;
      default -> throw new CliException("--precision must be fp32 or fp16, not '" + precision + "'");
    };
    BundleExporter exporter = new BundleExporter(weights);
    Engines.init();
    if (checkpoint != null) {
      return exportCheckpoint(exporter);
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
