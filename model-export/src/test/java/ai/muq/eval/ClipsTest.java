package ai.muq.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipsTest {

  @Test
  void tailIsFilledByWrappingFromTheStart() {
    float[] track = {1, 2, 3, 4, 5, 6, 7};
    List<float[]> clips = Clips.split(track, 3);
    assertThat(clips).hasSize(3);
    assertThat(clips.get(0)).containsExactly(1, 2, 3);
    assertThat(clips.get(1)).containsExactly(4, 5, 6);
    assertThat(clips.get(2)).containsExactly(7, 1, 2);
  }

  @Test
  void shortTrackRepeatsToOneFullClip() {
    assertThat(Clips.split(new float[] {1, 2}, 5)).singleElement()
        .satisfies(c -> assertThat(c).containsExactly(1, 2, 1, 2, 1));
  }

  @Test
  void exactMultipleHasNoExtraClip() {
    assertThat(Clips.split(new float[6], 3)).hasSize(2);
  }
}
