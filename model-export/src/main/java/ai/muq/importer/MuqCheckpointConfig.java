package ai.muq.importer;

import ai.muq.model.MuqConfig;

/**
 * What a MuQ config.json (the released {@code MuQConfig} with its wav2vec2-conformer {@code
 * w2v2_config}) says about the encoder's shapes and numerics. Only the fields that fix a tensor shape
 * or the forward computation are kept; pre-training settings are ignored.
 *
 * @param convDim channels C of the conv front
 * @param encoderDim hidden size D
 * @param encoderDepth conformer layers L
 * @param numHeads attention heads H
 * @param ffnDim feed-forward width F
 * @param depthwiseKernel kernel of the conv module's depthwise conv
 * @param nMels mel bands
 * @param hopLength STFT hop in samples
 * @param labelRate token rate in Hz (25: the conv front subsamples time by 4)
 * @param layerNormEps LayerNorm epsilon of the conformer
 * @param rotaryBase rotary position embedding base
 * @param melMean mean of the dB mel statistics
 * @param melStd standard deviation of the dB mel statistics
 */
public record MuqCheckpointConfig(
    int convDim,
    int encoderDim,
    int encoderDepth,
    int numHeads,
    int ffnDim,
    int depthwiseKernel,
    int nMels,
    int hopLength,
    int labelRate,
    double layerNormEps,
    double rotaryBase,
    double melMean,
    double melStd) {

  /** The built-in copy of OpenMuQ/MuQ-large-msd-iter's configuration. */
  public static final String BUILT_IN_NAME = "OpenMuQ/MuQ-large-msd-iter";

  /** Reads a MuQ config.json. */
  static MuqCheckpointConfig parse(JsonConfig c) throws CheckpointException {
    JsonConfig w = c.object("w2v2_config");
    JsonConfig stat = c.object("stat");
    String feature = "melspec_2048";
    if (c.root().has("features")
        && !(c.root().get("features").size() == 1
            && feature.equals(c.root().get("features").get(0).asText()))) {
      throw c.invalid("features must be [\"" + feature + "\"] (the only front-end MuQ ships)");
    }
    String position = w.text("position_embeddings_type", "rotary");
    if (!position.equals("rotary")) {
      throw c.invalid("w2v2_config.position_embeddings_type '" + position + "' is not supported (rotary)");
    }
    String act = w.text("hidden_act", "swish");
    if (!act.equals("swish") && !act.equals("silu")) {
      throw c.invalid("w2v2_config.hidden_act '" + act + "' is not supported (swish)");
    }
    MuqCheckpointConfig cfg =
        new MuqCheckpointConfig(
            c.integer("conv_dim", 512),
            c.integer("encoder_dim", 1024),
            c.integer("encoder_depth", 12),
            w.integer("num_attention_heads"),
            w.integer("intermediate_size"),
            w.integer("conv_depthwise_kernel_size", 31),
            c.integer("n_mels", 128),
            c.integer("hop_length", 240),
            c.integer("label_rate", 25),
            w.number("layer_norm_eps", 1e-5),
            w.number("rotary_embedding_base", 10000),
            stat.number(feature + "_mean"),
            stat.number(feature + "_std"));
    if (cfg.labelRate != 25) {
      throw c.invalid("label_rate " + cfg.labelRate + " is not supported (25 Hz, time subsampled by 4)");
    }
    if (cfg.encoderDim % cfg.numHeads != 0) {
      throw c.invalid("encoder_dim " + cfg.encoderDim + " is not divisible by " + cfg.numHeads + " heads");
    }
    if (cfg.nMels % 4 != 0) {
      throw c.invalid("n_mels " + cfg.nMels + " is not divisible by 4");
    }
    if (cfg.depthwiseKernel % 2 != 1) {
      throw c.invalid("conv_depthwise_kernel_size must be odd");
    }
    if (cfg.melStd <= 0) {
      throw c.invalid("stat." + feature + "_std must be positive");
    }
    return cfg;
  }

  /**
   * The model core's configuration for this checkpoint. The front-end and conformer constants the
   * core fixes (mel bands, hop, depthwise kernel, rotary base, LayerNorm epsilon) must match.
   *
   * @throws CheckpointException naming the first field the model core does not support
   */
  public MuqConfig toMuqConfig() throws CheckpointException {
    check("n_mels", nMels, MuqConfig.N_MELS);
    check("hop_length", hopLength, MuqConfig.HOP);
    check("w2v2_config.conv_depthwise_kernel_size", depthwiseKernel, MuqConfig.CONV_KERNEL);
    check("w2v2_config.rotary_embedding_base", rotaryBase, MuqConfig.ROTARY_BASE);
    check("w2v2_config.layer_norm_eps", layerNormEps, 1e-5);
    if ((encoderDim / numHeads) % 2 != 0) {
      throw new CheckpointException("the head width encoder_dim / heads must be even for rotary embeddings");
    }
    // The prediction head is not imported: one codebook of the pre-training width is recorded.
    return new MuqConfig(
        convDim, encoderDim, encoderDepth, numHeads, ffnDim, 1, 1024, melMean, melStd);
  }

  private static void check(String field, double actual, double supported) throws CheckpointException {
    if (actual != supported) {
      throw new CheckpointException(
          "MuQ config " + field + " = " + actual + " is not supported (the model core uses " + supported + ")");
    }
  }

  /** Whether a config.json is a MuQ one. */
  static boolean looksLike(JsonConfig c) {
    return c.has("w2v2_config") && (c.has("encoder_dim") || c.has("conv_dim"));
  }
}
