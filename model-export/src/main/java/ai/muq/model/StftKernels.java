package ai.muq.model;

/** The windowed DFT basis of a centred STFT, computed in float64 (see {@link Ops#stftKernels}). */
public final class StftKernels {

  private StftKernels() {}

  /** Row-major [2 * (nFft/2 + 1), 1, nFft]: cosine rows, then negated sine rows. */
  public static float[] compute(int nFft) {
    int bins = nFft / 2 + 1;
    float[] k = new float[2 * bins * nFft];
    for (int f = 0; f < bins; f++) {
      for (int n = 0; n < nFft; n++) {
        double window = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / nFft); // periodic Hann
        // (f * n) mod nFft keeps the angle small and exact, as the graph does with integers.
        double angle = 2 * Math.PI * ((long) f * n % nFft) / nFft;
        k[f * nFft + n] = (float) (window * Math.cos(angle));
        k[(bins + f) * nFft + n] = (float) (-window * Math.sin(angle));
      }
    }
    return k;
  }
}
