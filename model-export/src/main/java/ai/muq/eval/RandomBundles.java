package ai.muq.eval;

import ai.djl.ndarray.NDManager;
import ai.muq.bundle.BundleManifest;
import ai.muq.cli.Engines;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.OnnxOps;
import java.io.IOException;
import java.nio.file.Path;

/** Exports randomly initialised bundles: the untrained baseline of eval and the models of bench. */
public final class RandomBundles {

  private RandomBundles() {}

  /**
   * Exports a bundle of a named configuration with random weights for a seed.
   *
   * @param kind {@link BundleManifest#KIND_MUQ} or {@link BundleManifest#KIND_MUQ_MULAN}
   */
  public static BundleManifest export(String config, String kind, long seed, OnnxOps.WeightType weights, Path out)
      throws IOException {
    ModelConfig cfg = ModelConfig.named(config);
    Engines.init();
    BundleExporter exporter = new BundleExporter(weights);
    try (NDManager manager = NDManager.newBaseManager()) {
      if (BundleManifest.KIND_MUQ.equals(kind)) {
        MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
        try (ParamStore store = Models.randomMuq(manager, model, seed)) {
          return exporter.exportMuq(store, model, cfg, "random-muq-" + config + "-seed" + seed, out);
        }
      }
      if (BundleManifest.KIND_MUQ_MULAN.equals(kind)) {
        MulanModel model = new MulanModel(cfg);
        try (ParamStore store = Models.randomMulan(manager, model, seed)) {
          return exporter.exportMulan(store, model, "random-muq-mulan-" + config + "-seed" + seed,
              BundleExporter.TextBackbone.bgeSmallEn(), out);
        }
      }
      throw new IllegalArgumentException("bundle kind must be muq or muq-mulan, not " + kind);
    }
  }

  /** The configuration name a bundle was exported from (its bundle.json {@code config.name}). */
  public static String configName(BundleManifest m) {
    Object name = m.config() == null ? null : m.config().get("name");
    if (name == null) {
      throw new IllegalArgumentException("bundle " + m.name() + " does not name its configuration; pass --baseline-bundle");
    }
    return name.toString();
  }
}
