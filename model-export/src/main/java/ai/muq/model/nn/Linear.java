package ai.muq.model.nn;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** y = x W^T + b with PyTorch's weight layout [out, in]. */
public record Linear(String prefix, int in, int out, boolean bias) implements Module {

  public Linear {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("bad Linear " + prefix + ": " + in + " -> " + out);
    }
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    p.add(ParamSpec.weight(prefix + ".weight", ParamSpec.Init.FAN_IN_UNIFORM, out, in));
    if (bias) {
      p.add(ParamSpec.weight(prefix + ".bias", ParamSpec.Init.ZEROS, out));
    }
    return p;
  }

  public <T> T forward(Ops<T> ops, T x) {
    T y = ops.matmul(x, ops.transpose(ops.param(prefix + ".weight"), 1, 0));
    return bias ? ops.add(y, ops.param(prefix + ".bias")) : y;
  }
}
