package ai.muq.train;

import ai.djl.ndarray.NDManager;
import ai.muq.bundle.BundleManifest;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.OnnxOps;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Exports the MuQ encoder of a training run (a pretrain run, or the audio tower of a train-mulan
 * run) as a {@code muq} bundle, so benchmarks can measure precisions on trained weights.
 */
public final class CheckpointEncoders {

  private CheckpointEncoders() {}

  /** The model configuration a run was trained with. */
  public static ModelConfig config(Path run) throws IOException {
    return Runs.config(Runs.state(run, null));
  }

  /**
   * @param run a run directory holding a checkpoint
   * @throws IllegalArgumentException when the run is of another kind or lacks parameters
   */
  public static BundleManifest exportEncoder(Path run, OnnxOps.WeightType weights, String name, Path out) throws IOException {
    TrainCheckpoint.State state = Runs.state(run, null);
    ModelConfig cfg = Runs.config(state);
    try (NDManager manager = NDManager.newBaseManager()) {
      MuqModel encoder;
      ParamStore store;
      switch (state.kind()) {
        case MaskedPretraining.KIND -> {
          encoder = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
          store = new ParamStore(manager, encoder.params());
        }
        case MulanTraining.KIND -> {
          MulanModel mulan = new MulanModel(cfg);
          encoder = mulan.audioMuq();
          store = new ParamStore(manager, mulan.params());
        }
        default -> throw new IllegalArgumentException(
            run + " holds a " + state.kind() + " run; the encoder comes from pretrain or train-mulan runs");
      }
      Runs.loadAll(run, store);
      return new BundleExporter(weights).exportMuq(store, encoder, cfg, name, out);
    }
  }
}
