package ai.muq.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

  @Test
  void keepsTheBestInOrderAsASortWould() {
    Random random = new Random(3);
    float[] scores = new float[500];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) random.nextGaussian();
    }
    TopK top = new TopK(10);
    for (int i = 0; i < scores.length; i++) {
      top.offer(i, scores[i]);
    }
    int[] expected = IntStream.range(0, scores.length).boxed()
        .sorted(Comparator.comparingDouble(i -> -scores[i])).limit(10).mapToInt(Integer::intValue).toArray();
    assertThat(top.indices()).containsExactly(expected);
  }

  @Test
  void unfilledPlacesAreMinusOneAndTiesKeepTheEarlierIndex() {
    TopK top = new TopK(3);
    top.offer(7, 1f);
    top.offer(8, 1f);
    assertThat(top.indices()).containsExactly(7, 8, -1);
  }

  @Test
  void dotSumsInDouble() {
    assertThat(VectorMath.dot(new float[] {1e8f, 1f, -1e8f}, new float[] {1f, 1f, 1f})).isCloseTo(1.0, within(1e-9));
  }
}
