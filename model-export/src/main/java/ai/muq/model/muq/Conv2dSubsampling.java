package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.MuqConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * Two stride-2 Res2d blocks then a projection: mel [B, 128, T] to tokens [B, T/4, D] at 25 Hz.
 * The (B, C, 32, T/4) feature map is flattened channel-major per token, as "b c f t -> b t (c f)".
 */
public record Conv2dSubsampling(String prefix, MuqConfig config) implements Module {

  private Res2d blockA() {
    return new Res2d(prefix + ".conv.0", 1, config.convDim(), 2, 2);
  }

  private Res2d blockB() {
    return new Res2d(prefix + ".conv.1", config.convDim(), config.convDim(), 2, 2);
  }

  private Linear projection() {
    int bands = MuqConfig.N_MELS / MuqConfig.FRAMES_PER_TOKEN;
    return new Linear(prefix + ".linear", config.convDim() * bands, config.dim(), true);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>(blockA().params());
    p.addAll(blockB().params());
    p.addAll(projection().params());
    return p;
  }

  public <T> T forward(Ops<T> ops, T mel) {
    T x = ops.reshape(mel, 0, 1, MuqConfig.N_MELS, -1);
    x = blockB().forward(ops, blockA().forward(ops, x));
    x = ops.reshape(ops.transpose(x, 0, 3, 1, 2), 0, 0, -1);
    return projection().forward(ops, x);
  }
}
