package ai.muq.library;

import ai.muq.math.VectorMath;

/** Small helpers for unit-length float vectors compared by dot product. */
public final class Vectors {

  /** Allowed deviation of a stored vector's norm from 1. */
  public static final double UNIT_TOLERANCE = 1e-3;

  private Vectors() {}

  /** The dot product as a float score (see {@link VectorMath#dot}). */
  public static float dot(float[] a, float[] b) {
    return (float) VectorMath.dot(a, b);
  }

  /** A unit-length copy; rejects zero, NaN and infinite vectors. */
  public static float[] normalized(float[] v) {
    if (v == null || v.length == 0) {
      throw new IllegalArgumentException("vector must not be empty");
    }
    double sum = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException("vector has a non-finite component");
      }
      sum += (double) x * x;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("vector is zero");
    }
    double inv = 1 / Math.sqrt(sum);
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) (v[i] * inv);
    }
    return out;
  }

  public static void requireUnit(float[] v, String what) {
    if (v == null || v.length == 0) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (!(Math.abs(Math.sqrt(sum) - 1) <= UNIT_TOLERANCE)) {
      throw new IllegalArgumentException(what + " must have unit length, norm is " + Math.sqrt(sum));
    }
  }
}
