package ai.muq.eval;

/**
 * A linear probe: multinomial logistic (softmax) regression with an L2 penalty, trained full-batch
 * with Adam on standardised features. Deterministic (zero initialisation, no sampling), so a
 * report is reproducible.
 *
 * <p>Loss: mean cross-entropy + (l2 / 2) * ||W||^2 (the bias is not penalised). Features are
 * standardised with the training set's mean and standard deviation, so one learning rate and one
 * l2 suit features of any scale (MFCC dB statistics and unit-scale hidden states alike).
 */
public final class SoftmaxProbe {

  /** Training settings. */
  public record Settings(double l2, int iterations, double learningRate) {
    public Settings {
      if (l2 < 0 || iterations <= 0 || !(learningRate > 0)) {
        throw new IllegalArgumentException("l2 >= 0, iterations > 0, learning rate > 0");
      }
    }

    public static Settings defaults() {
      return new Settings(1e-3, 300, 0.05);
    }
  }

  private final int classes;
  private final int dim;
  private final double[] mean;
  private final double[] scale;
  /** Row-major [classes][dim + 1], the last column is the bias. */
  private final double[] weights;

  private SoftmaxProbe(int classes, int dim, double[] mean, double[] scale, double[] weights) {
    this.classes = classes;
    this.dim = dim;
    this.mean = mean;
    this.scale = scale;
    this.weights = weights;
  }

  /**
   * Trains a probe.
   *
   * @param x features [n][dim], n > 0
   * @param y class index of each row, in [0, classes)
   * @param classes number of classes, at least 2
   */
  public static SoftmaxProbe train(float[][] x, int[] y, int classes, Settings s) {
    int n = x.length;
    if (n == 0 || y.length != n || classes < 2) {
      throw new IllegalArgumentException("need n > 0 rows with one label each and >= 2 classes");
    }
    int dim = x[0].length;
    double[] mean = new double[dim];
    double[] scale = new double[dim];
    for (float[] row : x) {
      if (row.length != dim) {
        throw new IllegalArgumentException("ragged feature rows");
      }
      for (int d = 0; d < dim; d++) {
        mean[d] += row[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      mean[d] /= n;
    }
    for (float[] row : x) {
      for (int d = 0; d < dim; d++) {
        double v = row[d] - mean[d];
        scale[d] += v * v;
      }
    }
    for (int d = 0; d < dim; d++) {
      double sd = Math.sqrt(scale[d] / n);
      scale[d] = sd > 1e-8 ? 1 / sd : 0; // a constant feature carries no information
    }
    for (int label : y) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
      }
    }
    double[][] z = new double[n][dim + 1];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dim; d++) {
        z[i][d] = (x[i][d] - mean[d]) * scale[d];
      }
      z[i][dim] = 1;
    }
    int w = dim + 1;
    double[] weights = new double[classes * w];
    double[] m = new double[weights.length];
    double[] v = new double[weights.length];
    double[] grad = new double[weights.length];
    double[] p = new double[classes];
    double b1 = 0.9;
    double b2 = 0.999;
    for (int it = 1; it <= s.iterations(); it++) {
      java.util.Arrays.fill(grad, 0);
      for (int i = 0; i < n; i++) {
        softmax(weights, z[i], classes, w, p);
        p[y[i]] -= 1;
        for (int c = 0; c < classes; c++) {
          double g = p[c] / n;
          int o = c * w;
          for (int d = 0; d < w; d++) {
            grad[o + d] += g * z[i][d];
          }
        }
      }
      for (int c = 0; c < classes; c++) {
        for (int d = 0; d < dim; d++) {
          grad[c * w + d] += s.l2() * weights[c * w + d];
        }
      }
      double c1 = 1 - Math.pow(b1, it);
      double c2 = 1 - Math.pow(b2, it);
      for (int k = 0; k < weights.length; k++) {
        m[k] = b1 * m[k] + (1 - b1) * grad[k];
        v[k] = b2 * v[k] + (1 - b2) * grad[k] * grad[k];
        weights[k] -= s.learningRate() * (m[k] / c1) / (Math.sqrt(v[k] / c2) + 1e-8);
      }
    }
    return new SoftmaxProbe(classes, dim, mean, scale, weights);
  }

  private static void softmax(double[] weights, double[] z, int classes, int w, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < classes; c++) {
      double s = 0;
      int o = c * w;
      for (int d = 0; d < w; d++) {
        s += weights[o + d] * z[d];
      }
      out[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < classes; c++) {
      out[c] = Math.exp(out[c] - max);
      sum += out[c];
    }
    for (int c = 0; c < classes; c++) {
      out[c] /= sum;
    }
  }

  /** Class probabilities of one feature row. */
  public double[] probabilities(float[] row) {
    if (row.length != dim) {
      throw new IllegalArgumentException("expected " + dim + " features, got " + row.length);
    }
    double[] z = new double[dim + 1];
    for (int d = 0; d < dim; d++) {
      z[d] = (row[d] - mean[d]) * scale[d];
    }
    z[dim] = 1;
    double[] p = new double[classes];
    softmax(weights, z, classes, dim + 1, p);
    return p;
  }

  public int predict(float[] row) {
    double[] p = probabilities(row);
    int best = 0;
    for (int c = 1; c < p.length; c++) {
      if (p[c] > p[best]) {
        best = c;
      }
    }
    return best;
  }

  /** Fraction of rows predicted right. */
  public double accuracy(float[][] x, int[] y) {
    if (x.length == 0 || x.length != y.length) {
      throw new IllegalArgumentException("need rows with one label each");
    }
    int right = 0;
    for (int i = 0; i < x.length; i++) {
      right += predict(x[i]) == y[i] ? 1 : 0;
    }
    return (double) right / x.length;
  }
}
