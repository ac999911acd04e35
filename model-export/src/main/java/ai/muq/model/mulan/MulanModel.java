package ai.muq.model.mulan;

import ai.muq.model.Module;
import ai.muq.model.ModelConfig;
import ai.muq.model.MulanConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.nn.Activations;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * MuQ-MuLan (reference §5). Audio tower: MuQ's last hidden state, Linear to the tower width,
 * transformer, mean over time, Linear to the latent size, l2 normalisation. Text tower: the hidden
 * states of a pretrained text encoder (a separate part, frozen), a projection when its width
 * differs from the tower's, transformer, mean over tokens, Linear, l2 normalisation. Names follow
 * the released MuQ-MuLan-large checkpoint under {@code mulan.}.
 */
public record MulanModel(ModelConfig config) implements Module {

  public static final String PREFIX = "mulan.";
  public static final String TEMPERATURE = PREFIX + "contrast.temperatures";

  public MuqModel audioMuq() {
    return new MuqModel(PREFIX + "audio.model.model.", config.muq());
  }

  private MulanConfig m() {
    return config.mulan();
  }

  private Linear audioProj() {
    return new Linear(PREFIX + "audio.proj", config.muq().dim(), m().dim(), true);
  }

  private MulanTransformer audioTransformer() {
    return new MulanTransformer(PREFIX + "audio.transformer", m(), m().audioDepth());
  }

  private Linear audioToLatents() {
    return new Linear(PREFIX + "audio_to_latents", m().dim(), m().latentDim(), true);
  }

  public boolean hasTextProj() {
    return m().textBackboneDim() != m().dim();
  }

  private Linear textProj() {
    return new Linear(PREFIX + "text.proj", m().textBackboneDim(), m().dim(), true);
  }

  private MulanTransformer textTransformer() {
    return new MulanTransformer(PREFIX + "text.transformer", m(), m().depth());
  }

  private Linear textToLatents() {
    return new Linear(PREFIX + "text_to_latents", m().dim(), m().latentDim(), true);
  }

  /** The audio tower's parameters, MuQ included. */
  public List<ParamSpec> audioParams() {
    List<ParamSpec> p = new ArrayList<>(audioMuq().encoderParams());
    p.addAll(audioProj().params());
    p.addAll(audioTransformer().params());
    p.addAll(audioToLatents().params());
    return p;
  }

  /** The text head's parameters (the pretrained backbone is not part of this model). */
  public List<ParamSpec> textParams() {
    List<ParamSpec> p = new ArrayList<>();
    if (hasTextProj()) {
      p.addAll(textProj().params());
    }
    p.addAll(textTransformer().params());
    p.addAll(textToLatents().params());
    return p;
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(audioParams());
    p.addAll(textParams());
    p.add(ParamSpec.weight(TEMPERATURE, ParamSpec.Init.ZEROS, 1, 1, 1));
    return p;
  }

  /** Unit-norm audio embeddings [B, latent] of 10 s clips [B, 240000]. */
  public <T> T audioEmbedding(Ops<T> ops, T waveform) {
    List<T> states = audioMuq().hiddenStates(ops, waveform);
    return audioEmbeddingFromHidden(ops, states.get(states.size() - 1));
  }

  /** The audio tower above MuQ, from its last hidden state [B, T, D]. */
  public <T> T audioEmbeddingFromHidden(Ops<T> ops, T lastHidden) {
    T x = audioTransformer().forward(ops, audioProj().forward(ops, lastHidden), null);
    T latent = audioToLatents().forward(ops, ops.reduceMean(x, 1, false));
    return Activations.l2Normalize(ops, latent, -1);
  }

  /**
   * Unit-norm text embeddings [B, latent] from backbone hidden states [B, T, backbone dim] and an
   * attention mask [B, T] (float: 1 for tokens, 0 for padding). Padding is masked exactly, in the
   * attention and in the mean, so a text's embedding does not depend on its batch; with no
   * padding this is the reference's unmasked computation.
   */
  public <T> T textEmbedding(Ops<T> ops, T hiddenStates, T mask) {
    T x = hasTextProj() ? textProj().forward(ops, hiddenStates) : hiddenStates;
    // 0 for tokens, -FLT_MAX for padding, shaped [B, 1, 1, T] for the logits.
    T bias = ops.reshape(ops.mulScalar(ops.addScalar(mask, -1f), Float.MAX_VALUE), 0, 1, 1, -1);
    x = textTransformer().forward(ops, x, bias);
    T m = ops.reshape(mask, 0, 0, 1);
    T mean = ops.div(ops.reduceSum(ops.mul(x, m), 1, false), ops.reduceSum(m, 1, false));
    return Activations.l2Normalize(ops, textToLatents().forward(ops, mean), -1);
  }
}
