package ai.muq.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SoftmaxProbeTest {

  /** Three Gaussian blobs far apart in 8 dimensions, offset and scaled unevenly: linearly separable. */
  private static float[][] blobs(int n, int[] y, long seed) {
    Random r = new Random(seed);
    float[][] centres = new float[3][8];
    for (float[] c : centres) {
      for (int d = 0; d < 8; d++) {
        c[d] = (float) (r.nextGaussian() * 6);
      }
    }
    float[][] x = new float[n][8];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int d = 0; d < 8; d++) {
        x[i][d] = 1000 + (d + 1) * 50f * (centres[y[i]][d] + (float) r.nextGaussian() * 0.5f);
      }
    }
    return x;
  }

  @Test
  void learnsALinearlySeparableProblem() {
    int[] yTrain = new int[90];
    int[] yTest = new int[60];
    float[][] train = blobs(90, yTrain, 1);
    float[][] test = blobs(60, yTest, 1); // same centres (same seed), fresh noise below
    Random r = new Random(9);
    for (float[] row : test) {
      for (int d = 0; d < row.length; d++) {
        row[d] += (float) (r.nextGaussian() * 10);
      }
    }
    SoftmaxProbe p = SoftmaxProbe.train(train, yTrain, 3, SoftmaxProbe.Settings.defaults());
    assertThat(p.accuracy(train, yTrain)).isEqualTo(1.0);
    assertThat(p.accuracy(test, yTest)).isGreaterThanOrEqualTo(0.98);
    double[] prob = p.probabilities(train[0]);
    assertThat(prob[0] + prob[1] + prob[2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void cannotLearnLabelsThatAreNoise() {
    Random r = new Random(3);
    float[][] x = new float[200][4];
    int[] y = new int[200];
    for (int i = 0; i < 200; i++) {
      for (int d = 0; d < 4; d++) {
        x[i][d] = (float) r.nextGaussian();
      }
      y[i] = r.nextInt(2);
    }
    float[][] xTrain = java.util.Arrays.copyOfRange(x, 0, 100);
    int[] yTrain = java.util.Arrays.copyOfRange(y, 0, 100);
    SoftmaxProbe p = SoftmaxProbe.train(xTrain, yTrain, 2, SoftmaxProbe.Settings.defaults());
    double acc = p.accuracy(java.util.Arrays.copyOfRange(x, 100, 200), java.util.Arrays.copyOfRange(y, 100, 200));
    assertThat(acc).isBetween(0.3, 0.7);
  }
}
