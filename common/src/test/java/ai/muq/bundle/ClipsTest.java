package ai.muq.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClipsTest {

  static float[] ramp(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    return x;
  }

  @Test
  void exactMultipleGivesConsecutiveClips() {
    List<float[]> clips = Clips.mulanClips(ramp(30), 10);
    assertThat(clips).hasSize(3);
    assertThat(clips.get(2)).containsExactly(20, 21, 22, 23, 24, 25, 26, 27, 28, 29);
  }

  @Test
  void tailIsFilledByWrappingFromTheTrackStart() {
    List<float[]> clips = Clips.mulanClips(ramp(24), 10);
    assertThat(clips).hasSize(3);
    assertThat(clips.get(2)).containsExactly(20, 21, 22, 23, 0, 1, 2, 3, 4, 5);
  }

  @Test
  void shortTrackRepeatsItselfToOneClip() {
    List<float[]> clips = Clips.mulanClips(ramp(4), 10);
    assertThat(clips).hasSize(1);
    assertThat(clips.get(0)).containsExactly(0, 1, 2, 3, 0, 1, 2, 3, 0, 1);
  }

  @Test
  void emptyAudioIsRefused() {
    assertThatThrownBy(() -> Clips.mulanClips(new float[0], 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void featureChunksJoinAShortTailAndCoverEverySampleOnce() {
    List<float[]> chunks = Clips.featureChunks(ramp(25), 10, 3);
    assertThat(chunks).extracting(c -> c.length).containsExactly(10, 10, 5);
    List<float[]> joined = Clips.featureChunks(ramp(22), 10, 3);
    assertThat(joined).extracting(c -> c.length).containsExactly(10, 12);
    assertThat(joined.get(1)[11]).isEqualTo(21f);
    assertThat(Clips.featureChunks(ramp(2), 10, 3).get(0)).containsExactly(0, 1, 0);
  }

  @Test
  void meanIsNotRenormalised() {
    float[] m = Clips.mean(List.of(new float[] {1, 0}, new float[] {0, 1}));
    assertThat(m).containsExactly(0.5f, 0.5f);
  }
}
