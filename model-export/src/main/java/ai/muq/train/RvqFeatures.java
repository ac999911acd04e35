package ai.muq.train;

import ai.djl.ndarray.NDArray;
import ai.muq.model.DjlOps;
import ai.muq.model.MuqConfig;
import ai.muq.model.muq.MelFrontEnd;
import ai.muq.model.muq.MuqModel;
import java.util.List;

/**
 * The vectors the Mel-RVQ quantises, 25 per second: 4 consecutive normalised mel frames stacked
 * per token ("b f (t s) -> b t (s f)", 512 values), or, for iterative training, one hidden layer
 * of a trained MuQ.
 */
public final class RvqFeatures {

  private RvqFeatures() {}

  /** Waveform [B, N] (N a multiple of 960) to [B, N / 960, 512]. */
  public static NDArray melTokens(DjlOps ops, MelFrontEnd frontEnd, NDArray waveform) {
    NDArray mel = frontEnd.forward(ops, waveform); // [B, 128, 4T]
    long b = mel.getShape().get(0);
    long frames = mel.getShape().get(2);
    long tokens = frames / MuqConfig.FRAMES_PER_TOKEN;
    NDArray cut = ops.slice(mel, 2, 0, tokens * MuqConfig.FRAMES_PER_TOKEN);
    NDArray x = cut.reshape(b, MuqConfig.N_MELS, tokens, MuqConfig.FRAMES_PER_TOKEN);
    return x.transpose(0, 2, 3, 1).reshape(b, tokens, (long) MuqConfig.FRAMES_PER_TOKEN * MuqConfig.N_MELS);
  }

  /** Hidden state {@code layer} of a MuQ for a waveform: [B, N / 960, D]. */
  public static NDArray muqLayer(DjlOps ops, MuqModel model, NDArray waveform, int layer) {
    List<NDArray> states = model.hiddenStates(ops, waveform);
    return states.get(layer);
  }
}
