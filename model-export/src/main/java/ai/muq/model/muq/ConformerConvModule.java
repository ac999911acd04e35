package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.MuqConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Activations;
import ai.muq.model.nn.BatchNorm;
import ai.muq.model.nn.Conv1d;
import ai.muq.model.nn.LayerNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * LayerNorm - pointwise Conv1d D->2D - GLU - depthwise Conv1d (31, pad 15) - BatchNorm - Swish -
 * pointwise Conv1d D->D; convolutions without bias.
 */
public record ConformerConvModule(String prefix, int dim) implements Module {

  private LayerNorm norm() {
    return LayerNorm.affine(prefix + ".layer_norm", dim);
  }

  private Conv1d pointwise1() {
    return new Conv1d(prefix + ".pointwise_conv1", dim, 2 * dim, 1, 0, 1, false);
  }

  private Conv1d depthwise() {
    int k = MuqConfig.CONV_KERNEL;
    return new Conv1d(prefix + ".depthwise_conv", dim, dim, k, (k - 1) / 2, dim, false);
  }

  private BatchNorm batchNorm() {
    return new BatchNorm(prefix + ".batch_norm", dim);
  }

  private Conv1d pointwise2() {
    return new Conv1d(prefix + ".pointwise_conv2", dim, dim, 1, 0, 1, false);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(norm().params());
    p.addAll(pointwise1().params());
    p.addAll(depthwise().params());
    p.addAll(batchNorm().params());
    p.addAll(pointwise2().params());
    return p;
  }

  /** x [B, T, D] to [B, T, D]. */
  public <T> T forward(Ops<T> ops, T x) {
    T h = ops.transpose(norm().forward(ops, x), 0, 2, 1);
    h = pointwise1().forward(ops, h);
    T a = ops.slice(h, 1, 0, dim);
    T gate = ops.slice(h, 1, dim, 2L * dim);
    h = ops.mul(a, ops.sigmoid(gate));
    h = batchNorm().forward(ops, depthwise().forward(ops, h));
    h = pointwise2().forward(ops, Activations.swish(ops, h));
    return ops.transpose(h, 0, 2, 1);
  }
}
