package ai.muq.importer;

import ai.muq.model.ModelConfig;
import ai.muq.model.MulanConfig;
import ai.muq.model.text.XlmRobertaConfig;

/**
 * A MuQ-MuLan config.json with its two sub-model configurations resolved.
 *
 * @param sampleRate waveform rate (24000)
 * @param clipSeconds clip length the audio tower embeds (10)
 * @param dimLatent joint embedding size (512)
 * @param audioModelName the MuQ model config.json names, e.g. {@code OpenMuQ/MuQ-large-msd-iter}
 * @param audioModelDim hidden size the audio projection reads (MuQ's D)
 * @param audioLayerIndex which MuQ hidden state feeds the tower (python index, -1 = last)
 * @param textModelName the text model config.json names, e.g. {@code xlm-roberta-base}
 * @param textModelDim hidden size a text projection reads, or null when there is no projection
 * @param audioTower the audio tower's transformer
 * @param textTower the text tower's transformer
 * @param audio the resolved MuQ configuration
 * @param text the resolved XLM-RoBERTa configuration
 */
public record MulanCheckpointConfig(
    int sampleRate,
    double clipSeconds,
    int dimLatent,
    String audioModelName,
    int audioModelDim,
    int audioLayerIndex,
    String textModelName,
    Integer textModelDim,
    Tower audioTower,
    Tower textTower,
    MuqCheckpointConfig audio,
    XlmRobertaConfig text) {

  /**
   * One tower's pre-norm transformer (lucidrains style: q/k-normalised attention, GEGLU feed-forward).
   *
   * @param dim model width
   * @param depth layers (0 is allowed: the released audio tower has none)
   * @param heads attention heads
   * @param dimHead width of one head
   * @param ffMult feed-forward multiplier; the hidden width is {@code int(dim * ffMult * 2 / 3)}
   */
  public record Tower(int dim, int depth, int heads, int dimHead, int ffMult) {

    static Tower parse(JsonConfig c) throws CheckpointException {
      Tower t =
          new Tower(
              c.integer("dim"),
              c.integer("tf_depth"),
              c.integer("heads", 8),
              c.integer("dim_head", 64),
              c.integer("ff_mult", 4));
      if (t.dim <= 0 || t.depth < 0 || t.heads <= 0 || t.dimHead <= 0 || t.ffMult <= 0) {
        throw c.invalid("transformer sizes must be positive");
      }
      return t;
    }

    /** Width of the attention's q, k and v: heads * dimHead. */
    public int inner() {
      return heads * dimHead;
    }

    /** Width of the GEGLU output, as the reference computes it (truncating a float division). */
    public int ffHidden() {
      return (int) ((double) dim * ffMult * 2 / 3);
    }
  }

  /** Whether a config.json is a MuQ-MuLan one. */
  static boolean looksLike(JsonConfig c) {
    return c.has("mulan") && c.has("audio_model") && c.has("text_model");
  }

  /**
   * The model core's configuration for this release.
   *
   * @throws CheckpointException when the towers differ in a way the model core does not express
   */
  public ModelConfig toModelConfig(String name) throws CheckpointException {
    if (audioTower.dim() != textTower.dim()
        || audioTower.heads() != textTower.heads()
        || audioTower.dimHead() != textTower.dimHead()
        || audioTower.ffMult() != 4
        || textTower.ffMult() != 4) {
      throw new CheckpointException(
          "the audio and text transformers differ in width, heads or ff_mult (" + audioTower + " vs "
              + textTower + "); only their depths may differ, and ff_mult must be 4");
    }
    if (textTower.depth() == 0) {
      throw new CheckpointException("text_transformer.tf_depth 0 is not supported");
    }
    if (!usesLastHiddenState()) {
      throw new CheckpointException(
          "audio_model.use_layer_idx " + audioLayerIndex + " is not supported: the audio tower reads"
              + " MuQ's last hidden state (-1)");
    }
    MulanConfig mulan =
        new MulanConfig(
            textTower.dim(), textTower.depth(), audioTower.depth(), textTower.heads(),
            textTower.dimHead(), dimLatent, text.hiddenSize());
    return new ModelConfig(name, audio.toMuqConfig(), mulan);
  }

  /** Whether the audio tower reads MuQ's last hidden state. */
  public boolean usesLastHiddenState() {
    return audioLayerIndex == -1 || audioLayerIndex == audio.encoderDepth();
  }
}
