package ai.muq.data;

/**
 * Loudness measures of a mono signal (full scale = 1.0).
 *
 * <p>{@link #integratedLufs} follows ITU-R BS.1770-4: K-weighting (a +4 dB high shelf around 1.5
 * kHz and a 38 Hz high-pass, designed for any sample rate the way pyloudnorm does), mean square
 * over 400 ms blocks with 75 % overlap, an absolute gate at -70 LUFS and a relative gate 10 LU
 * below the absolute-gated loudness. Results are floored at {@value #FLOOR_DB} so that silence
 * still gives a number.
 */
public final class Loudness {

  /** Value reported for silence (and anything quieter). */
  public static final double FLOOR_DB = -70.0;

  private Loudness() {}

  /** RMS level in dB relative to a full-scale square wave (a full-scale sine reads -3.01). */
  public static double rmsDbfs(float[] x) {
    if (x.length == 0) {
      return FLOOR_DB;
    }
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    return Math.max(FLOOR_DB, 10 * Math.log10(sum / x.length));
  }

  /** Peak level in dB full scale. */
  public static double peakDbfs(float[] x) {
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak == 0 ? FLOOR_DB : Math.max(FLOOR_DB, 20 * Math.log10(peak));
  }

  /** Gated integrated loudness in LUFS of a mono signal; a 0 dBFS 997 Hz sine reads -3.01. */
  public static double integratedLufs(float[] x, int sampleRate) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive");
    }
    double[] y = kWeighted(x, sampleRate);
    int block = (int) Math.round(0.4 * sampleRate);
    int hop = (int) Math.round(0.1 * sampleRate);
    int blocks = y.length < block ? 1 : 1 + (y.length - block) / hop;
    int len = Math.min(block, y.length);
    if (len == 0) {
      return FLOOR_DB;
    }
    double[] z = new double[blocks];
    for (int j = 0; j < blocks; j++) {
      double s = 0;
      for (int i = j * hop; i < j * hop + len; i++) {
        s += y[i] * y[i];
      }
      z[j] = s / len;
    }
    double absGate = Math.pow(10, (-70 + 0.691) / 10);
    double relGate = Math.pow(10, (loudness(gatedMean(z, absGate)) - 10 + 0.691) / 10);
    double gated = gatedMean(z, Math.max(absGate, relGate));
    return Math.max(FLOOR_DB, loudness(gated));
  }

  private static double loudness(double meanSquare) {
    return meanSquare <= 0 ? Double.NEGATIVE_INFINITY : -0.691 + 10 * Math.log10(meanSquare);
  }

  private static double gatedMean(double[] z, double threshold) {
    double sum = 0;
    int n = 0;
    for (double v : z) {
      if (v > threshold) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? 0 : sum / n;
  }

  private static double[] kWeighted(float[] x, int fs) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i];
    }
    biquad(y, highShelf(fs, 1500.0, 4.0, 1 / Math.sqrt(2)));
    biquad(y, highPass(fs, 38.0, 0.5));
    return y;
  }

  /** Coefficients {b0, b1, b2, a1, a2}, normalised by a0 (RBJ audio EQ cookbook). */
  private static double[] highShelf(int fs, double f0, double gainDb, double q) {
    double a = Math.pow(10, gainDb / 40);
    double w0 = 2 * Math.PI * f0 / fs;
    double alpha = Math.sin(w0) / (2 * q);
    double cos = Math.cos(w0);
    double sqA = 2 * Math.sqrt(a) * alpha;
    double a0 = (a + 1) - (a - 1) * cos + sqA;
    return new double[] {
      a * ((a + 1) + (a - 1) * cos + sqA) / a0,
      -2 * a * ((a - 1) + (a + 1) * cos) / a0,
      a * ((a + 1) + (a - 1) * cos - sqA) / a0,
      2 * ((a - 1) - (a + 1) * cos) / a0,
      ((a + 1) - (a - 1) * cos - sqA) / a0
    };
  }

  private static double[] highPass(int fs, double f0, double q) {
    double w0 = 2 * Math.PI * f0 / fs;
    double alpha = Math.sin(w0) / (2 * q);
    double cos = Math.cos(w0);
    double a0 = 1 + alpha;
    return new double[] {
      (1 + cos) / 2 / a0, -(1 + cos) / a0, (1 + cos) / 2 / a0, -2 * cos / a0, (1 - alpha) / a0
    };
  }

  private static void biquad(double[] y, double[] c) {
    double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
    for (int i = 0; i < y.length; i++) {
      double x0 = y[i];
      double out = c[0] * x0 + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
      x2 = x1;
      x1 = x0;
      y2 = y1;
      y1 = out;
      y[i] = out;
    }
  }
}
