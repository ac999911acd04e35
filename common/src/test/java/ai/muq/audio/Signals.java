package ai.muq.audio;

/** Test signals and the measurements the tests make on them. */
final class Signals {

  private Signals() {}

  static float[] sine(double hz, int rate, double seconds, double amplitude) {
    int n = (int) Math.round(seconds * rate);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  /**
   * Frequency from the positive-going zero crossings of the middle 80% of {@code x} (skips codec
   * warm-up at both ends), interpolating each crossing between samples.
   */
  static double zeroCrossingHz(float[] x, int rate) {
    int from = x.length / 10;
    int to = x.length - x.length / 10;
    double first = -1;
    double last = -1;
    int crossings = 0;
    for (int i = from; i + 1 < to; i++) {
      if (x[i] < 0 && x[i + 1] >= 0) {
        double t = i + x[i] / (x[i] - x[i + 1]);
        if (first < 0) {
          first = t;
        } else {
          crossings++;
        }
        last = t;
      }
    }
    return crossings == 0 ? 0 : crossings * rate / (last - first);
  }

  /** Amplitude of the {@code hz} component over the middle of {@code x} (correlation with sin/cos). */
  static double toneAmplitude(float[] x, int rate, double hz) {
    int from = x.length / 5;
    int to = x.length - x.length / 5;
    double s = 0;
    double c = 0;
    for (int i = from; i < to; i++) {
      double phase = 2 * Math.PI * hz * i / rate;
      s += x[i] * Math.sin(phase);
      c += x[i] * Math.cos(phase);
    }
    int n = to - from;
    return 2 * Math.hypot(s, c) / n;
  }

  /** Root mean square over the middle 60% of {@code x} (away from the zero-padded edges). */
  static double rmsMiddle(float[] x) {
    int from = x.length / 5;
    int to = x.length - x.length / 5;
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  static double db(double ratio) {
    return 20 * Math.log10(ratio);
  }
}
