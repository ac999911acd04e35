package ai.muq.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaggerTest {

  static final float[] AUDIO = {0.6f, 0.8f, 0f};
  static final List<float[]> LABELS = List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}, new float[] {0, 0, 1});

  @Test
  void multiLabelScoresAreDotProducts() {
    double[] s = Tagger.scores(AUDIO, LABELS, TagMode.MULTI, 10);
    assertThat(s[0]).isCloseTo(0.6, within(1e-7));
    assertThat(s[1]).isCloseTo(0.8, within(1e-7));
    assertThat(s[2]).isEqualTo(0.0);
  }

  @Test
  void singleLabelIsSoftmaxWithTemperature() {
    double[] s = Tagger.scores(AUDIO, LABELS, TagMode.SINGLE, 10);
    double z = Math.exp(6) + Math.exp(8) + Math.exp(0);
    assertThat(s[0]).isCloseTo(Math.exp(6) / z, within(1e-6));
    assertThat(s[1]).isCloseTo(Math.exp(8) / z, within(1e-6));
    assertThat(s[0] + s[1] + s[2]).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void rankKeepsTheBestTopK() {
    List<TagScore> r = Tagger.rank(new double[] {0.1, 0.9, 0.5}, List.of("a", "b", "c"), 2);
    assertThat(r).extracting(TagScore::label).containsExactly("b", "c");
    assertThat(Tagger.rank(new double[] {0.1}, List.of("a"), 5)).hasSize(1);
  }

  @Test
  void promptTemplateIsFilled() {
    assertThat(Tagger.prompt("{label} music", "jazz")).isEqualTo("jazz music");
  }

  @Test
  void vocabulariesAreDistinctAndMagnaTagATuneHasFifty() {
    assertThat(Vocabulary.MAGNATAGATUNE.labels()).hasSize(50);
    for (Vocabulary v : Vocabulary.values()) {
      assertThat(new HashSet<>(v.labels())).hasSameSizeAs(v.labels());
    }
    assertThat(Vocabulary.byId("Genres")).contains(Vocabulary.GENRES);
    assertThat(Vocabulary.byId("nope")).isEmpty();
  }
}
