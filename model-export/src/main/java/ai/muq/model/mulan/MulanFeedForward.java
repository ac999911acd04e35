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
 * Bias-free LayerNorm, Linear(dim -> 2 * hidden), GEGLU (gelu(gate) * x with x the first half),
 * Linear(hidden -> dim); names {@code .0} (norm), {@code .1} and {@code .4} as in the
 * reference's Sequential.
 */
public record MulanFeedForward(String prefix, MulanConfig config) implements Module {

  private LayerNorm norm() {
    return LayerNorm.biasFree(prefix + ".0", config.dim());
  }

  private Linear in() {
    return new Linear(prefix + ".1", config.dim(), 2 * config.ffHidden(), false);
  }

  private Linear out() {
    return new Linear(prefix + ".4", config.ffHidden(), config.dim(), false);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(norm().params());
    p.addAll(in().params());
    p.addAll(out().params());
    return p;
  }

  public <T> T forward(Ops<T> ops, T x) {
    int hidden = config.ffHidden();
    T h = in().forward(ops, norm().forward(ops, x));
    T a = ops.slice(h, 2, 0, hidden);
    T gate = ops.slice(h, 2, hidden, 2L * hidden);
    return out().forward(ops, ops.mul(Activations.gelu(ops, gate), a));
  }
}
