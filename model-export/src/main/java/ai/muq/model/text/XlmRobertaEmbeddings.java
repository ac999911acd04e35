package ai.muq.model.text;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.LayerNorm;
import java.util.List;

/**
 * XLM-RoBERTa's embeddings: word + token type (type 0) + position, then LayerNorm. Positions are
 * counted over the real tokens only, offset by the padding id: padding gets position {@code pad}
 * (1), the tokens {@code pad + 1, pad + 2, ...} (2, 3, ...), as HuggingFace derives them from the
 * input ids; here from the attention mask, which marks the same tokens for tokenizer output.
 */
public record XlmRobertaEmbeddings(String prefix, XlmRobertaConfig config) implements Module {

  private String word() {
    return prefix + ".word_embeddings.weight";
  }

  private String position() {
    return prefix + ".position_embeddings.weight";
  }

  private String tokenType() {
    return prefix + ".token_type_embeddings.weight";
  }

  private LayerNorm norm() {
    return new LayerNorm(prefix + ".LayerNorm", config.hiddenSize(), false, (float) config.layerNormEps());
  }

  @Override
  public List<ParamSpec> params() {
    int h = config.hiddenSize();
    List<ParamSpec> p = new java.util.ArrayList<>();
    p.add(ParamSpec.weight(word(), ParamSpec.Init.NORMAL_002, config.vocabSize(), h));
    p.add(ParamSpec.weight(position(), ParamSpec.Init.NORMAL_002, config.maxPositions(), h));
    p.add(ParamSpec.weight(tokenType(), ParamSpec.Init.NORMAL_002, config.typeVocabSize(), h));
    p.addAll(norm().params());
    return p;
  }

  /**
   * @param inputIds int64 [B, T]
   * @param mask float32 [B, T], 1 for tokens and 0 for padding
   * @return [B, T, hidden]
   */
  public <T> T forward(Ops<T> ops, T inputIds, T mask) {
    T positions =
        ops.toLong(ops.addScalar(ops.mul(ops.cumsum(mask, 1), mask), config.padTokenId()));
    T x = ops.gather(ops.param(word()), inputIds);
    x = ops.add(x, ops.slice(ops.param(tokenType()), 0, 0, 1));
    x = ops.add(x, ops.gather(ops.param(position()), positions));
    return norm().forward(ops, x);
  }
}
