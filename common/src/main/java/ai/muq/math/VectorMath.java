package ai.muq.math;

/** Arithmetic on float vectors shared by scoring, search and evaluation. */
public final class VectorMath {

  private VectorMath() {}

  /** The dot product, summed in double. */
  public static double dot(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("vectors differ in length: " + a.length + " vs " + b.length);
    }
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }
}
