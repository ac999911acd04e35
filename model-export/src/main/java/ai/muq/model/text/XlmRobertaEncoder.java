package ai.muq.model.text;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The XLM-RoBERTa encoder (HuggingFace {@code XLMRobertaModel} without its pooler): embeddings and
 * {@code numLayers} post-norm layers, giving the last hidden state. Parameter names follow the
 * HuggingFace checkpoint under {@code prefix} ({@code mulan.text.model.} in MuQ-MuLan-large).
 */
public record XlmRobertaEncoder(String prefix, XlmRobertaConfig config) implements Module {

  /** Where MuQ-MuLan-large keeps its text backbone. */
  public static final String MULAN_PREFIX = "mulan.text.model.";

  public XlmRobertaEmbeddings embeddings() {
    return new XlmRobertaEmbeddings(prefix + "embeddings", config);
  }

  public XlmRobertaLayer layer(int i) {
    return new XlmRobertaLayer(prefix + "encoder.layer." + i, config);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(embeddings().params());
    for (int i = 0; i < config.numLayers(); i++) {
      p.addAll(layer(i).params());
    }
    return p;
  }

  /**
   * The last hidden state [B, T, hidden] of token ids [B, T] (int64) with their attention mask [B,
   * T] (float32, 1 = token, 0 = padding). Padded keys get the most negative float added to their
   * attention logits, as HuggingFace's extended attention mask does.
   */
  public <T> T forward(Ops<T> ops, T inputIds, T mask) {
    T x = embeddings().forward(ops, inputIds, mask);
    T bias = ops.reshape(ops.mulScalar(ops.addScalar(mask, -1f), Float.MAX_VALUE), 0, 1, 1, -1);
    for (int i = 0; i < config.numLayers(); i++) {
      x = layer(i).forward(ops, x, bias);
    }
    return x;
  }
}
