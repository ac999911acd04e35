package ai.muq.model.nn;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.List;

/** Batch normalisation over channels (axis 1), eps 1e-5, with running statistics as buffers. */
public record BatchNorm(String prefix, int channels) implements Module {

  public static final float EPS = 1e-5f;

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.weight(prefix + ".weight", ParamSpec.Init.ONES, channels),
        ParamSpec.weight(prefix + ".bias", ParamSpec.Init.ZEROS, channels),
        ParamSpec.buffer(prefix + ".running_mean", ParamSpec.Init.ZEROS, channels),
        ParamSpec.buffer(prefix + ".running_var", ParamSpec.Init.ONES, channels));
  }

  public <T> T forward(Ops<T> ops, T x) {
    return ops.batchNorm(x, prefix, EPS);
  }
}
