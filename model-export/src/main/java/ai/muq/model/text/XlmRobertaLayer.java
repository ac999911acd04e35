package ai.muq.model.text;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Activations;
import ai.muq.model.nn.LayerNorm;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * One post-norm BERT encoder layer as XLM-RoBERTa has it: self-attention (q, k, v and output
 * projections with biases, softmax(q k^T / sqrt(head dim) + mask)), residual, LayerNorm; then
 * Linear, exact (erf) GELU, Linear, residual, LayerNorm.
 */
public record XlmRobertaLayer(String prefix, XlmRobertaConfig config) implements Module {

  private Linear linear(String name, int in, int out) {
    return new Linear(prefix + "." + name, in, out, true);
  }

  private Linear query() {
    return linear("attention.self.query", config.hiddenSize(), config.hiddenSize());
  }

  private Linear key() {
    return linear("attention.self.key", config.hiddenSize(), config.hiddenSize());
  }

  private Linear value() {
    return linear("attention.self.value", config.hiddenSize(), config.hiddenSize());
  }

  private Linear attentionOut() {
    return linear("attention.output.dense", config.hiddenSize(), config.hiddenSize());
  }

  private LayerNorm attentionNorm() {
    return new LayerNorm(
        prefix + ".attention.output.LayerNorm", config.hiddenSize(), false, (float) config.layerNormEps());
  }

  private Linear intermediate() {
    return linear("intermediate.dense", config.hiddenSize(), config.intermediateSize());
  }

  private Linear output() {
    return linear("output.dense", config.intermediateSize(), config.hiddenSize());
  }

  private LayerNorm outputNorm() {
    return new LayerNorm(prefix + ".output.LayerNorm", config.hiddenSize(), false, (float) config.layerNormEps());
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    p.addAll(query().params());
    p.addAll(key().params());
    p.addAll(value().params());
    p.addAll(attentionOut().params());
    p.addAll(attentionNorm().params());
    p.addAll(intermediate().params());
    p.addAll(output().params());
    p.addAll(outputNorm().params());
    return p;
  }

  /**
   * @param x [B, T, hidden]
   * @param maskBias [B, 1, 1, T]: 0 for tokens, the most negative float for padding
   */
  public <T> T forward(Ops<T> ops, T x, T maskBias) {
    T q = splitHeads(ops, query().forward(ops, x));
    T k = splitHeads(ops, key().forward(ops, x));
    T v = splitHeads(ops, value().forward(ops, x));
    T scores = ops.mulScalar(ops.matmul(q, ops.transpose(k, 0, 1, 3, 2)), (float) (1 / Math.sqrt(config.headDim())));
    T probs = ops.softmax(ops.add(scores, maskBias), -1);
    T context = ops.reshape(ops.transpose(ops.matmul(probs, v), 0, 2, 1, 3), 0, 0, -1);
    T attended = attentionNorm().forward(ops, ops.add(attentionOut().forward(ops, context), x));
    T hidden = Activations.gelu(ops, intermediate().forward(ops, attended));
    return outputNorm().forward(ops, ops.add(output().forward(ops, hidden), attended));
  }

  private <T> T splitHeads(Ops<T> ops, T x) {
    return ops.transpose(ops.reshape(x, 0, 0, config.numHeads(), config.headDim()), 0, 2, 1, 3);
  }
}
