package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head self-attention of the wav2vec2-conformer with rotary positions. As in the released
 * model, the rotary embedding rotates the normalised attention INPUT (split into heads) before the
 * q and k projections, while v is projected from the unrotated input.
 */
public record ConformerSelfAttention(String prefix, int dim, int heads) implements Module {

  private Linear q() {
    return new Linear(prefix + ".linear_q", dim, dim, true);
  }

  private Linear k() {
    return new Linear(prefix + ".linear_k", dim, dim, true);
  }

  private Linear v() {
    return new Linear(prefix + ".linear_v", dim, dim, true);
  }

  private Linear out() {
    return new Linear(prefix + ".linear_out", dim, dim, true);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    for (Linear l : List.of(q(), k(), v(), out())) {
      p.addAll(l.params());
    }
    return p;
  }

  public <T> T forward(Ops<T> ops, T x, RotaryEmbedding<T> rotary) {
    int headDim = dim / heads;
    T rotated = rotary.apply(ops, x, heads, headDim);
    T query = splitHeads(ops, q().forward(ops, rotated), headDim);
    T key = splitHeads(ops, k().forward(ops, rotated), headDim);
    T value = splitHeads(ops, v().forward(ops, x), headDim);
    T scores =
        ops.mulScalar(
            ops.matmul(query, ops.transpose(key, 0, 1, 3, 2)), (float) (1 / Math.sqrt(headDim)));
    T context = ops.matmul(ops.softmax(scores, -1), value);
    T merged = ops.reshape(ops.transpose(context, 0, 2, 1, 3), 0, 0, -1);
    return out().forward(ops, merged);
  }

  /** [B, T, D] to [B, H, T, head_dim]. */
  private <T> T splitHeads(Ops<T> ops, T x, int headDim) {
    return ops.transpose(ops.reshape(x, 0, 0, heads, headDim), 0, 2, 1, 3);
  }
}
