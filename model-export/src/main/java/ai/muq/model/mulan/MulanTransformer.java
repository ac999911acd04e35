package ai.muq.model.mulan;

import ai.muq.model.Module;
import ai.muq.model.MulanConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.ArrayList;
import java.util.List;

/** Pre-norm transformer of MuLan's towers: {@code depth} x (attention + feed-forward), residual. */
public record MulanTransformer(String prefix, MulanConfig config, int depth) implements Module {

  private MulanAttention attention(int i) {
    return new MulanAttention(prefix + ".layers." + i + ".0", config);
  }

  private MulanFeedForward feedForward(int i) {
    return new MulanFeedForward(prefix + ".layers." + i + ".1", config);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    for (int i = 0; i < depth; i++) {
      p.addAll(attention(i).params());
      p.addAll(feedForward(i).params());
    }
    return p;
  }

  public <T> T forward(Ops<T> ops, T x, T keyMaskBias) {
    for (int i = 0; i < depth; i++) {
      x = ops.add(attention(i).forward(ops, x, keyMaskBias), x);
      x = ops.add(feedForward(i).forward(ops, x), x);
    }
    return x;
  }
}
