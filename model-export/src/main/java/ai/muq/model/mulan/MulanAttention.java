package ai.muq.model.mulan;

import ai.muq.model.Module;
import ai.muq.model.MulanConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Activations;
import ai.muq.model.nn.LayerNorm;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * MuLan attention: bias-free LayerNorm, q = Wq x, (k, v) = Wkv x, q and k l2-normalised per head
 * and scaled by learned per-dimension scales, logits = q k^T * 8, softmax, output projection. No
 * biases anywhere. An optional key mask [B, T] (1 = token, 0 = padding) removes padded keys.
 */
public record MulanAttention(String prefix, MulanConfig config) implements Module {

  private LayerNorm norm() {
    return LayerNorm.biasFree(prefix + ".norm", config.dim());
  }

  private Linear toQ() {
    return new Linear(prefix + ".to_q", config.dim(), config.innerDim(), false);
  }

  private Linear toKv() {
    return new Linear(prefix + ".to_kv", config.dim(), 2 * config.innerDim(), false);
  }

  private Linear toOut() {
    return new Linear(prefix + ".to_out.0", config.innerDim(), config.dim(), false);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(norm().params());
    p.addAll(toQ().params());
    p.addAll(toKv().params());
    p.add(ParamSpec.weight(prefix + ".q_scale", ParamSpec.Init.ONES, config.dimHead()));
    p.add(ParamSpec.weight(prefix + ".k_scale", ParamSpec.Init.ONES, config.dimHead()));
    p.addAll(toOut().params());
    return p;
  }

  /**
   * @param keyMaskBias null, or [B, 1, 1, T] with 0 for tokens and the most negative float for
   *     padding, added to the logits
   */
  public <T> T forward(Ops<T> ops, T x, T keyMaskBias) {
    int inner = config.innerDim();
    T h = norm().forward(ops, x);
    T q = splitHeads(ops, toQ().forward(ops, h));
    T kv = toKv().forward(ops, h);
    T k = splitHeads(ops, ops.slice(kv, 2, 0, inner));
    T v = splitHeads(ops, ops.slice(kv, 2, inner, 2L * inner));
    q = ops.mul(Activations.l2Normalize(ops, q, -1), ops.param(prefix + ".q_scale"));
    k = ops.mul(Activations.l2Normalize(ops, k, -1), ops.param(prefix + ".k_scale"));
    T sim = ops.mulScalar(ops.matmul(q, ops.transpose(k, 0, 1, 3, 2)), MulanConfig.ATTENTION_SCALE);
    if (keyMaskBias != null) {
      sim = ops.add(sim, keyMaskBias);
    }
    T out = ops.matmul(ops.softmax(sim, -1), v);
    return toOut().forward(ops, ops.reshape(ops.transpose(out, 0, 2, 1, 3), 0, 0, -1));
  }

  private <T> T splitHeads(Ops<T> ops, T x) {
    return ops.transpose(ops.reshape(x, 0, 0, config.heads(), config.dimHead()), 0, 2, 1, 3);
  }
}
