package ai.muq.model.nn;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.List;

/** A square-kernel 2-d convolution with bias, weight [out, in, k, k]. */
public record Conv2d(String prefix, int in, int out, int kernel, int strideH, int strideW, int pad)
    implements Module {

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.weight(prefix + ".weight", ParamSpec.Init.FAN_IN_UNIFORM, out, in, kernel, kernel),
        ParamSpec.weight(prefix + ".bias", ParamSpec.Init.ZEROS, out));
  }

  public <T> T forward(Ops<T> ops, T x) {
    return ops.conv2d(
        x, ops.param(prefix + ".weight"), ops.param(prefix + ".bias"), strideH, strideW, pad, pad);
  }
}
