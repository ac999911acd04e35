package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.BatchNorm;
import ai.muq.model.nn.Conv2d;
import java.util.ArrayList;
import java.util.List;

/**
 * Residual 2-d block: conv3x3(stride) - BN - ReLU - conv3x3 - BN, plus a conv3x3(stride) - BN
 * shortcut when channels or stride change; sum; ReLU.
 */
public record Res2d(String prefix, int in, int out, int strideH, int strideW) implements Module {

  public boolean hasShortcut() {
    return in != out || strideH > 1 || strideW > 1;
  }

  private Conv2d conv1() {
    return new Conv2d(prefix + ".conv1", in, out, 3, strideH, strideW, 1);
  }

  private Conv2d conv2() {
    return new Conv2d(prefix + ".conv2", out, out, 3, 1, 1, 1);
  }

  private Conv2d conv3() {
    return new Conv2d(prefix + ".conv3", in, out, 3, strideH, strideW, 1);
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    p.addAll(conv1().params());
    p.addAll(new BatchNorm(prefix + ".bn1", out).params());
    p.addAll(conv2().params());
    p.addAll(new BatchNorm(prefix + ".bn2", out).params());
    if (hasShortcut()) {
      p.addAll(conv3().params());
      p.addAll(new BatchNorm(prefix + ".bn3", out).params());
    }
    return p;
  }

  public <T> T forward(Ops<T> ops, T x) {
    T h = ops.relu(new BatchNorm(prefix + ".bn1", out).forward(ops, conv1().forward(ops, x)));
    h = new BatchNorm(prefix + ".bn2", out).forward(ops, conv2().forward(ops, h));
    T shortcut =
        hasShortcut() ? new BatchNorm(prefix + ".bn3", out).forward(ops, conv3().forward(ops, x)) : x;
    return ops.relu(ops.add(shortcut, h));
  }
}
