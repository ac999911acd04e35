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
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: writes a model bundle (ONNX graphs + bundle.json). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Exports a model to an ONNX bundle (graphs + bundle.json).")
public final class ExportCommand implements Callable<Integer> {

  @Option(names = "--config", required = true, description = "Named configuration: tiny, small, base, large.")
  String config;

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

  @Override
  public Integer call() throws Exception {
    if (!randomInit) {
      throw new CliException("export needs --random-init (exporting a trained checkpoint is 'export --checkpoint', not available yet)");
    }
    ModelConfig cfg = ModelConfig.named(config);
    OnnxOps.WeightType weights = switch (precision) {
      case "fp32" -> OnnxOps.WeightType.FLOAT32;
      case "fp16" -> OnnxOps.WeightType.FLOAT16;
      default -> throw new CliException("--precision must be fp32 or fp16, not '" + precision + "'");
    };
    BundleExporter exporter = new BundleExporter(weights);
    Engines.init();
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
      System.out.println("wrote bundle " + manifest.id() + " to " + out.toAbsolutePath());
      manifest.files().forEach((f, e) -> System.out.printf("  %-20s %,12d bytes  sha256 %s%n", f, e.bytes(), e.sha256()));
    }
    return 0;
  }
}
