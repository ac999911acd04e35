package ai.muq.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {

  @Test
  void rocAucCountsCorrectlyOrderedPairs() {
    // positives 0.9, 0.4; negatives 0.8, 0.3, 0.1: pairs (pos > neg): 0.9 beats 3, 0.4 beats 2 -> 5 / 6
    double[] s = {0.9, 0.8, 0.4, 0.3, 0.1};
    boolean[] y = {true, false, true, false, false};
    assertThat(RankingMetrics.rocAuc(s, y)).isCloseTo(5.0 / 6, within(1e-12));
  }

  @Test
  void rocAucCountsTiesAsHalf() {
    double[] s = {0.5, 0.5, 0.2};
    boolean[] y = {true, false, false};
    // pos vs neg(0.5): tie 0.5; pos vs neg(0.2): 1 -> 1.5 / 2
    assertThat(RankingMetrics.rocAuc(s, y)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void perfectAndReversedRankings() {
    boolean[] y = {true, true, false, false};
    assertThat(RankingMetrics.rocAuc(new double[] {4, 3, 2, 1}, y)).isEqualTo(1.0);
    assertThat(RankingMetrics.rocAuc(new double[] {1, 2, 3, 4}, y)).isEqualTo(0.0);
    assertThat(RankingMetrics.averagePrecision(new double[] {4, 3, 2, 1}, y)).isEqualTo(1.0);
  }

  @Test
  void averagePrecisionByHand() {
    // ranking: P N P N N -> precision at the positives: 1/1, 2/3; AP = (1 + 2/3) / 2
    double[] s = {0.9, 0.8, 0.4, 0.3, 0.1};
    boolean[] y = {true, false, true, false, false};
    assertThat(RankingMetrics.averagePrecision(s, y)).isCloseTo((1 + 2.0 / 3) / 2, within(1e-12));
  }

  @Test
  void averagePrecisionTreatsTiesAsOneThreshold() {
    // all tied: one threshold with recall 1 and precision 1/3 (scikit-learn gives 1/3)
    assertThat(RankingMetrics.averagePrecision(new double[] {1, 1, 1}, new boolean[] {true, false, false}))
        .isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void undefinedWithoutBothClasses() {
    assertThatThrownBy(() -> RankingMetrics.rocAuc(new double[] {1, 2}, new boolean[] {true, true}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retrievalRanksRecallAndMedian() {
    double[][] sim = {
      {0.9, 0.1, 0.2}, // relevant 0 -> rank 1
      {0.3, 0.2, 0.8}, // relevant 1 -> two above -> rank 3
      {0.5, 0.6, 0.4}, // relevant 2 -> rank 3
      {0.1, 0.7, 0.2}, // relevant 0 or 2 -> best relevant 0.2, one above -> rank 2
    };
    boolean[][] rel = {
      {true, false, false}, {false, true, false}, {false, false, true}, {true, false, true},
    };
    int[] ranks = RankingMetrics.ranks(sim, rel);
    assertThat(ranks).containsExactly(1, 3, 3, 2);
    assertThat(RankingMetrics.recallAt(ranks, 1)).isEqualTo(0.25);
    assertThat(RankingMetrics.recallAt(ranks, 2)).isEqualTo(0.5);
    assertThat(RankingMetrics.recallAt(ranks, 5)).isEqualTo(1.0);
    assertThat(RankingMetrics.medianRank(ranks)).isEqualTo(2.5);
    assertThat(RankingMetrics.medianRank(new int[] {7, 1, 4})).isEqualTo(4.0);
  }
}
