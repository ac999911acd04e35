package ai.muq.model.nn;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** A 1-d convolution, weight [out, in / groups, k], stride 1. */
public record Conv1d(String prefix, int in, int out, int kernel, int pad, int groups, boolean bias)
    implements Module {

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    p.add(
        ParamSpec.weight(
            prefix + ".weight", ParamSpec.Init.FAN_IN_UNIFORM, out, in / groups, kernel));
    if (bias) {
      p.add(ParamSpec.weight(prefix + ".bias", ParamSpec.Init.ZEROS, out));
    }
    return p;
  }

  public <T> T forward(Ops<T> ops, T x) {
    return ops.conv1d(
        x, ops.param(prefix + ".weight"), bias ? ops.param(prefix + ".bias") : null, 1, pad, groups);
  }
}
