package ai.muq.model.text;

/**
 * Sizes of an XLM-RoBERTa encoder (the HuggingFace {@code XLMRobertaConfig}), the text backbone of
 * the released MuQ-MuLan-large.
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

  /** The configuration of xlm-roberta-base. */
  public static final XlmRobertaConfig BASE =
      new XlmRobertaConfig(250002, 768, 12, 12, 3072, 514, 1, 1e-5, 1);

  public XlmRobertaConfig {
    if (vocabSize <= 0 || hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || intermediateSize <= 0
        || typeVocabSize <= 0) {
      throw new IllegalArgumentException("XLM-RoBERTa sizes must be positive");
    }
    if (hiddenSize % numHeads != 0) {
      throw new IllegalArgumentException(
          "hidden_size " + hiddenSize + " is not divisible by " + numHeads + " heads");
    }
    if (padTokenId < 0 || padTokenId >= vocabSize || maxPositions <= padTokenId + 1) {
      throw new IllegalArgumentException("pad_token_id / max_position_embeddings leave no position for a token");
    }
    if (!(layerNormEps > 0)) {
      throw new IllegalArgumentException("layer_norm_eps must be positive");
    }
  }

  public int headDim() {
    return hiddenSize / numHeads;
  }

  /** Longest token sequence (special tokens included) the position table allows. */
  public int maxTokens() {
    return maxPositions - padTokenId - 1;
  }
}
