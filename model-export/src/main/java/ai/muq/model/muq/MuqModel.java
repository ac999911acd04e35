package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.MuqConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.LayerNorm;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * MuQ: log-mel front-end, Conv2dSubsampling, Conformer encoder, and the K-codebook prediction
 * head used in pre-training. Parameter names follow the released checkpoints under {@code
 * prefix} ({@code "model."} for MuQ-large-msd-iter, {@code "mulan.audio.model.model."} inside
 * MuQ-MuLan).
 */
public record MuqModel(String prefix, MuqConfig config) implements Module {

  public static final String RELEASED_PREFIX = "model.";

  public MelFrontEnd frontEnd() {
    return new MelFrontEnd(prefix, config);
  }

  public Conv2dSubsampling subsampling() {
    return new Conv2dSubsampling(prefix + "conv", config);
  }

  public ConformerLayer layer(int i) {
    return new ConformerLayer(prefix + "conformer.layers." + i, config);
  }

  private LayerNorm encoderNorm() {
    return LayerNorm.affine(prefix + "conformer.layer_norm", config.dim());
  }

  /** Prediction head Linear(D -> K * codebook size). */
  public Linear head() {
    return new Linear(
        prefix + "linear", config.dim(), config.numCodebooks() * config.codebookSize(), true);
  }

  /** Encoder parameters: everything inference needs (no prediction head). */
  public List<ParamSpec> encoderParams() {
    List<ParamSpec> p = new ArrayList<>(frontEnd().params());
    p.addAll(subsampling().params());
    for (int i = 0; i < config.layers(); i++) {
      p.addAll(layer(i).params());
    }
    p.addAll(encoderNorm().params());
    return p;
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(encoderParams());
    p.addAll(head().params());
    return p;
  }

  /** Normalised log-mel [B, 128, frames] to tokens [B, frames / 4, D]. */
  public <T> T embed(Ops<T> ops, T mel) {
    return subsampling().forward(ops, mel);
  }

  /**
   * The L + 1 hidden states [B, T, D] of a waveform [B, N]: the input of layer 1, the outputs of
   * layers 1 .. L-1, and the encoder's final LayerNorm of layer L's output.
   */
  public <T> List<T> hiddenStates(Ops<T> ops, T waveform) {
    return hiddenStatesFromMel(ops, frontEnd().forward(ops, waveform));
  }

  public <T> List<T> hiddenStatesFromMel(Ops<T> ops, T mel) {
    T x = embed(ops, mel);
    RotaryEmbedding<T> rotary = RotaryEmbedding.of(ops, x, config.headDim());
    List<T> states = new ArrayList<>(config.layers() + 1);
    for (int i = 0; i < config.layers(); i++) {
      states.add(x);
      x = layer(i).forward(ops, x, rotary);
    }
    states.add(encoderNorm().forward(ops, x));
    return states;
  }

  /** Prediction logits [B, T, K * codebook size] from the last hidden state. */
  public <T> T logits(Ops<T> ops, T lastHidden) {
    return head().forward(ops, lastHidden);
  }
}
