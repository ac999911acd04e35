package ai.muq.model.nn;

import ai.muq.model.Ops;

/** Activations composed from primitive ops, so that both executions share the formula. */
public final class Activations {

  private Activations() {}

  /** Swish / SiLU: x * sigmoid(x). */
  public static <T> T swish(Ops<T> ops, T x) {
    return ops.mul(x, ops.sigmoid(x));
  }

  /** Exact GELU: 0.5 x (1 + erf(x / sqrt 2)). */
  public static <T> T gelu(Ops<T> ops, T x) {
    T e = ops.erf(ops.mulScalar(x, (float) (1 / Math.sqrt(2))));
    return ops.mul(ops.mulScalar(x, 0.5f), ops.addScalar(e, 1f));
  }

  /**
   * L2 normalisation: x / max(||x||, 1e-12). Written as x / sqrt(max(sum x^2, 1e-24)), which is the
   * same value, so that a zero vector (a padded token) gets a zero gradient instead of the NaN of
   * sqrt's derivative at 0.
   */
  public static <T> T l2Normalize(Ops<T> ops, T x, int axis) {
    T norm = ops.sqrt(ops.maxScalar(ops.reduceSum(ops.mul(x, x), axis, true), 1e-24f));
    return ops.div(x, norm);
  }
}
