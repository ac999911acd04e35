package ai.muq.importer;

/**
 * An XLM-RoBERTa config.json (the HuggingFace {@code XLMRobertaConfig}), as MuQ-MuLan's text tower
 * uses it.
 *
 * @param vocabSize tokens in the vocabulary (250002 for xlm-roberta-base)
 * @param hiddenSize hidden size (768)
 * @param numLayers encoder layers (12)
 * @param numHeads attention heads (12)
 * @param intermediateSize feed-forward width (3072)
 * @param maxPositions rows of the position embedding table (514)
 * @param typeVocabSize rows of the token-type embedding table (1)
 * @param layerNormEps LayerNorm epsilon (1e-5)
 * @param padTokenId the padding token, also the position-id offset (1)
 */
public record XlmRobertaConfig(
    int vocabSize,
    int hiddenSize,
    int numLayers,
    int numHeads,
    int intermediateSize,
    int maxPositions,
    int typeVocabSize,
    double layerNormEps,
    int padTokenId) {

  /** The built-in copy of xlm-roberta-base's configuration. */
  public static final String BUILT_IN_NAME = "xlm-roberta-base";

  static XlmRobertaConfig parse(JsonConfig c) throws CheckpointException {
    String type = c.text("model_type", "xlm-roberta");
    if (!type.equals("xlm-roberta") && !type.equals("roberta")) {
      throw c.invalid("model_type '" + type + "' is not an XLM-RoBERTa model");
    }
    String act = c.text("hidden_act", "gelu");
    if (!act.equals("gelu")) {
      throw c.invalid("hidden_act '" + act + "' is not supported (gelu, the exact erf form)");
    }
    String position = c.text("position_embedding_type", "absolute");
    if (!position.equals("absolute")) {
      throw c.invalid("position_embedding_type '" + position + "' is not supported (absolute)");
    }
    XlmRobertaConfig cfg =
        new XlmRobertaConfig(
            c.integer("vocab_size"),
            c.integer("hidden_size"),
            c.integer("num_hidden_layers"),
            c.integer("num_attention_heads"),
            c.integer("intermediate_size"),
            c.integer("max_position_embeddings"),
            c.integer("type_vocab_size", 1),
            c.number("layer_norm_eps", 1e-5),
            c.integer("pad_token_id", 1));
    if (cfg.hiddenSize % cfg.numHeads != 0) {
      throw c.invalid("hidden_size " + cfg.hiddenSize + " is not divisible by " + cfg.numHeads + " heads");
    }
    if (cfg.maxPositions <= cfg.padTokenId + 1) {
      throw c.invalid("max_position_embeddings leaves no position for a token");
    }
    return cfg;
  }

  /** Longest token sequence (special tokens included) the position table allows. */
  public int maxTokens() {
    return maxPositions - padTokenId - 1;
  }
}
