package ai.muq.inference;

/** Choosing and pooling the MuQ encoder's hidden states, as served. */
public final class HiddenStates {

  private HiddenStates() {}

  /** Mean or max over frames, per dimension (mean summed in double). */
  public static float[] pool(float[][] frames, boolean max) {
    int dim = frames[0].length;
    float[] out = new float[dim];
    if (max) {
      java.util.Arrays.fill(out, Float.NEGATIVE_INFINITY);
      for (float[] f : frames) {
        for (int d = 0; d < dim; d++) {
          out[d] = Math.max(out[d], f[d]);
        }
      }
      return out;
    }
    double[] sum = new double[dim];
    for (float[] f : frames) {
      for (int d = 0; d < dim; d++) {
        sum[d] += f[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      out[d] = (float) (sum[d] / frames.length);
    }
    return out;
  }

  /**
   * Parses a layer choice: null or blank for the last, {@code all}, or comma-separated indices.
   *
   * @throws IllegalArgumentException with a message fit for the caller
   */
  public static int[] parseLayers(String spec, int numHiddenStates) {
    if (spec == null || spec.isBlank()) {
      return new int[] {numHiddenStates - 1};
    }
    if (spec.trim().equalsIgnoreCase("all")) {
      return java.util.stream.IntStream.range(0, numHiddenStates).toArray();
    }
    String[] parts = spec.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        out[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'layers' must be 'all' or comma-separated integers");
      }
      if (out[i] < 0 || out[i] >= numHiddenStates) {
        throw new IllegalArgumentException(
            "layer " + out[i] + " is outside 0.." + (numHiddenStates - 1));
      }
    }
    return out;
  }
}
