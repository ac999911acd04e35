package ai.muq.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One parameter (or buffer) of a model: its checkpoint name, shape and initialisation.
 *
 * @param name the name in the released checkpoints' layout
 * @param shape the shape, e.g. [out, in] for a linear weight
 * @param init how training initialises it
 * @param trainable false for buffers such as batch-norm running statistics
 */
public record ParamSpec(String name, long[] shape, Init init, boolean trainable) {

  /** Initialisation rules, as PyTorch's defaults for the same layers. */
  public enum Init {
    ZEROS,
    ONES,
    /** Uniform(-1/sqrt(fanIn), 1/sqrt(fanIn)) with fanIn = product of all dims but the first. */
    FAN_IN_UNIFORM,
    /** Normal(0, 1). */
    NORMAL,
    /** Normal(0, 0.02), as transformer embeddings. */
    NORMAL_002
  }

  public ParamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(init, "init");
    shape = shape.clone();
    for (long d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("bad shape " + Arrays.toString(shape) + " for " + name);
      }
    }
  }

  public static ParamSpec weight(String name, Init init, long... shape) {
    return new ParamSpec(name, shape, init, true);
  }

  public static ParamSpec buffer(String name, Init init, long... shape) {
    return new ParamSpec(name, shape, init, false);
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamSpec p
        && name.equals(p.name)
        && Arrays.equals(shape, p.shape)
        && init == p.init
        && trainable == p.trainable;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(shape), init, trainable);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
