package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Activations;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/** Linear(D -> F) - Swish - Linear(F -> D), names intermediate_dense / output_dense. */
public record ConformerFeedForward(String prefix, int dim, int ffnDim) implements Module {

  private Linear intermediate() {
    return new Linear(prefix + ".intermediate_dense", dim, ffnDim, true);
  }

  private Linear output() {
    return new Linear(prefix + ".output_dense", ffnDim, dim, true);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(intermediate().params());
    p.addAll(output().params());
    return p;
  }

  public <T> T forward(Ops<T> ops, T x) {
    return output().forward(ops, Activations.swish(ops, intermediate().forward(ops, x)));
  }
}
