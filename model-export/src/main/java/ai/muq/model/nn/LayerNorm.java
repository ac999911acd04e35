package ai.muq.model.nn;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.List;

/**
 * Layer normalisation over the last axis. The affine form has {@code prefix.weight} and {@code
 * prefix.bias}; the bias-free form of the MuLan transformer has only a learned scale named {@code
 * prefix.learned_gamma} and a fixed zero shift.
 */
public record LayerNorm(String prefix, int dim, boolean biasFree, float eps) implements Module {

  public static final float DEFAULT_EPS = 1e-5f;

  public static LayerNorm affine(String prefix, int dim) {
    return new LayerNorm(prefix, dim, false, DEFAULT_EPS);
  }

  public static LayerNorm biasFree(String prefix, int dim) {
    return new LayerNorm(prefix, dim, true, DEFAULT_EPS);
  }

  @Override
  public List<ParamSpec> params() {
    if (biasFree) {
      return List.of(ParamSpec.weight(prefix + ".learned_gamma", ParamSpec.Init.ONES, dim));
    }
    return List.of(
        ParamSpec.weight(prefix + ".weight", ParamSpec.Init.ONES, dim),
        ParamSpec.weight(prefix + ".bias", ParamSpec.Init.ZEROS, dim));
  }

  public <T> T forward(Ops<T> ops, T x) {
    if (biasFree) {
      return ops.layerNorm(x, ops.param(prefix + ".learned_gamma"), null, eps);
    }
    return ops.layerNorm(x, ops.param(prefix + ".weight"), ops.param(prefix + ".bias"), eps);
  }
}
