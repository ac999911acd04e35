package ai.muq.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.muq.cli.Engines;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decoupled contrastive loss in its pairwise and multi-positive forms, and tag-prompt positives. */
class ContrastiveLossTest {

  @BeforeAll
  static void engine() {
    Engines.init();
  }

  private static NDArray unitRows(NDManager m, int rows, int dim, long seed) {
    Random r = new Random(seed);
    float[] v = new float[rows * dim];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    NDArray x = m.create(v, new Shape(rows, dim));
    return x.div(x.norm(new int[] {1}, true));
  }

  @Test
  void withOnePositivePerRowTheMultiPositiveFormIsThePairwiseLoss() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = unitRows(m, 6, 16, 1);
      NDArray t = unitRows(m, 6, 16, 2);
      NDArray logT = m.create(new float[] {(float) Math.log(10)}, new Shape(1, 1, 1));
      float pairwise = ContrastiveLoss.loss(a, t, logT).getFloat();
      float multi = ContrastiveLoss.loss(a, t, logT, m.eye(6)).getFloat();
      assertThat(multi).isCloseTo(pairwise, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void aSecondPositiveIsNotPushedAway() {
    try (NDManager m = NDManager.newBaseManager()) {
      // Clips 0 and 1 both play the piano; text 0 is "piano music", and clip 1 sits right next to it.
      float[] av = {1, 0, 0, 0.96f, 0.28f, 0, 0, 0, 1};
      float[] tv = {1, 0, 0, 0, 1, 0, 0, 0, 1};
      NDArray a = m.create(av, new Shape(3, 3));
      NDArray t = m.create(tv, new Shape(3, 3));
      NDArray logT = m.create(new float[] {(float) Math.log(10)}, new Shape(1, 1, 1));
      float pairwise = ContrastiveLoss.loss(a, t, logT, m.eye(3)).getFloat();
      float[] p = {1, 0, 0, 1, 1, 0, 0, 0, 1};
      float withTag = ContrastiveLoss.loss(a, t, logT, m.create(p, new Shape(3, 3))).getFloat();
      // Counting clip 1 as a negative of "piano music" costs loss; as a positive it does not.
      assertThat(withTag).isLessThan(pairwise - 1f);
      assertThat(Float.isFinite(withTag)).isTrue();
    }
  }

  @Test
  void aTextThatFitsEveryClipContributesNoNaN() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = unitRows(m, 3, 8, 3);
      NDArray t = unitRows(m, 3, 8, 4);
      NDArray logT = m.create(new float[] {0f}, new Shape(1, 1, 1));
      float[] p = {1, 0, 1, 0, 1, 1, 0, 0, 1}; // text 2 fits all three clips
      assertThat(Float.isFinite(ContrastiveLoss.loss(a, t, logT, m.create(p, new Shape(3, 3))).getFloat())).isTrue();
    }
  }

  @Test
  void tagPromptsArePositiveForEveryClipWithTheTag() {
    try (NDManager m = NDManager.newBaseManager()) {
      BatchSource.Batch batch = new BatchSource.Batch(new float[3][1],
          List.of(List.of("a calm piano piece"), List.of("fast rock"), List.of("piano jazz")),
          List.of(List.of("piano", "calm"), List.of("rock", "guitar"), List.of("jazz", "piano")));
      List<String> texts = List.of("piano music", "fast rock", "piano jazz");
      float[] p = MulanTraining.positives(m, batch, texts, new String[] {"piano", null, null}).toFloatArray();
      // rows: clips; columns: texts
      assertThat(p).containsExactly(
          1, 0, 0,
          0, 1, 0,
          1, 0, 1);
    }
  }

  @Test
  void audioInfoNceMatchesHandComputedValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
      // Identical views, temperature 1: logits = I, each row and column -1 + ln(e + 1) = 0.3132617.
      assertThat(ContrastiveLoss.infoNce(a, a, 1.0).getFloat()).isCloseTo(0.3132617f, org.assertj.core.data.Offset.offset(1e-5f));
      // Temperature 0.5: logits = 2I, -2 + ln(e^2 + 1) = 0.1269280.
      assertThat(ContrastiveLoss.infoNce(a, a, 0.5).getFloat()).isCloseTo(0.1269280f, org.assertj.core.data.Offset.offset(1e-5f));
      // b = ((0.6, 0.8), (1, 0)): logits [[0.6, 1], [0.8, 0]].
      // rows: -0.6 + ln(e^0.6 + e^1) = 0.9130, -0 + ln(e^0.8 + 1) = 1.1711 -> mean 1.0420580
      // cols: -0.6 + ln(e^0.6 + e^0.8) = 0.7982, -0 + ln(e^1 + 1) = 1.3133 -> mean 1.0557003
      NDArray b = m.create(new float[] {0.6f, 0.8f, 1, 0}, new Shape(2, 2));
      assertThat(ContrastiveLoss.infoNce(a, b, 1.0).getFloat()).isCloseTo(1.0488791f, org.assertj.core.data.Offset.offset(1e-5f));
      // The same at temperature 0.5 (logits doubled): 1.4987362.
      assertThat(ContrastiveLoss.infoNce(a, b, 0.5).getFloat()).isCloseTo(1.4987362f, org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void audioInfoNceViewsAreTheWindowsFirstAndLastCrops() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[][] windows = {{1, 2, 3, 4, 5}, {6, 7, 8, 9, 10}};
      NDArray[] v = MulanTraining.views(m, windows, 2);
      assertThat(v[0].toFloatArray()).containsExactly(1, 2, 6, 7);
      assertThat(v[1].toFloatArray()).containsExactly(4, 5, 9, 10);
    }
  }
}
