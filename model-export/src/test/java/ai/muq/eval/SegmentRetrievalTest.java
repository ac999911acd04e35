package ai.muq.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Same-track segment retrieval against hand-computed ranks and figures. */
class SegmentRetrievalTest {

  @Test
  void ranksAreTheOwnTargetsPositionByCosine() {
    // Query i against targets j (cosines worked out by hand):
    // q0 = (1,0):  t0 (1,1)/√2 -> .707, t1 (0,1) -> 0, t2 (1,0) -> 1, t3 (-1,0) -> -1   => own t0 is 2nd
    // q1 = (0,2):  t0 .707, t1 1, t2 0, t3 0                                            => own t1 is 1st
    // q2 = (1,1):  t0 1, t1 .707, t2 .707, t3 -.707                                     => own t2 ties t1 behind t0: 2nd
    // q3 = (0,-1): t0 -.707, t1 -1, t2 0, t3 0                                          => own t3 ties t2 at the top: 1st
    float[][] queries = {{1, 0}, {0, 2}, {1, 1}, {0, -1}};
    float[][] targets = {{1, 1}, {0, 1}, {1, 0}, {-1, 0}};
    int[] ranks = SegmentRetrieval.ranks(queries, targets);
    assertThat(ranks).containsExactly(2, 1, 2, 1);
    EvalResults.SegmentFigures f = SegmentRetrieval.figures("model", ranks);
    assertThat(f.queries()).isEqualTo(4);
    assertThat(f.r1()).isEqualTo(0.5);
    assertThat(f.r5()).isEqualTo(1.0);
    assertThat(f.medianRank()).isEqualTo(1.5);
  }

  @Test
  void cosineIgnoresScale() {
    float[][] queries = {{10, 0, 0}, {0, 0.01f, 0}, {0, 0, 3}};
    float[][] targets = {{0.5f, 0.1f, 0}, {0, 7, 1}, {1, 0, 2}};
    // q2 = (0,0,3): t0 0, t1 1/√50 = .141, t2 2/√5 = .894 => 1st; all others 1st too
    assertThat(SegmentRetrieval.ranks(queries, targets)).containsExactly(1, 1, 1);
  }

  @Test
  void segmentsStartAtTwentyAndSeventySeconds() {
    int sr = 100;
    float[] track = new float[100 * sr];
    for (int i = 0; i < track.length; i++) {
      track[i] = i;
    }
    float[][] seg = SegmentRetrieval.segments(track, sr);
    assertThat(seg[0]).hasSize(10 * sr);
    assertThat(seg[0][0]).isEqualTo(20f * sr);
    assertThat(seg[0][10 * sr - 1]).isEqualTo(30f * sr - 1);
    assertThat(seg[1][0]).isEqualTo(70f * sr);
    assertThat(SegmentRetrieval.longEnough(100 * sr - 1, sr)).isFalse();
    assertThatThrownBy(() -> SegmentRetrieval.segments(new float[99 * sr], sr))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than 100");
  }

  @Test
  void standardisingCentresAndScalesEachDimension() {
    // column 0: 1, 3 -> mean 2, std 1 -> -1, 1; column 1 constant -> 0
    float[][] z = SegmentRetrieval.standardise(new float[][] {{1, 5}, {3, 5}});
    assertThat(z[0][0]).isCloseTo(-1f, within(1e-6f));
    assertThat(z[1][0]).isCloseTo(1f, within(1e-6f));
    assertThat(z[0][1]).isZero();
    assertThat(z[1][1]).isZero();
  }

  @Test
  void needsTwoTracks() {
    assertThatThrownBy(() -> SegmentRetrieval.ranks(new float[][] {{1}}, new float[][] {{1}}))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
