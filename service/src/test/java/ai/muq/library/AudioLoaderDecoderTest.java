package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.muq.audio.AudioException;
import org.junit.jupiter.api.Test;

class AudioLoaderDecoderTest {

  private final AudioLoaderDecoder decoder = new AudioLoaderDecoder(10_000_000, 30);

  @Test
  void decodesStereo48kToMono24k() {
    float[] out = decoder.decode(TestAudio.sineWav(2.0, 48_000, 2, 440), "a.wav");
    assertThat(out.length).isCloseTo(48_000, within(200));
    int crossings = 0;
    for (int i = 1; i < out.length; i++) {
      if (out[i - 1] < 0 && out[i] >= 0) {
        crossings++;
      }
    }
    assertThat(crossings / 2.0).isCloseTo(440, within(3.0)); // rising zero crossings per second
  }

  @Test
  void mapsEveryRefusalToAReason() {
    assertThatThrownBy(() -> decoder.decode(new byte[0], "a.wav"))
        .isInstanceOfSatisfying(UnreadableAudioException.class, e -> assertThat(e.kind()).isEqualTo(AudioException.Kind.EMPTY));
    assertThatThrownBy(() -> decoder.decode(TestAudio.sineWav(31, 8_000, 1, 440), "a.wav"))
        .isInstanceOfSatisfying(UnreadableAudioException.class, e -> assertThat(e.kind()).isEqualTo(AudioException.Kind.TOO_LONG));
    assertThatThrownBy(() -> new AudioLoaderDecoder(100, 30).decode(TestAudio.sineWav(1, 8_000, 1, 440), "a.wav"))
        .isInstanceOfSatisfying(UnreadableAudioException.class, e -> assertThat(e.kind()).isEqualTo(AudioException.Kind.TOO_LARGE));
    assertThatThrownBy(() -> decoder.decode("not audio at all, just some text".getBytes(), "a.txt"))
        .isInstanceOfSatisfying(UnreadableAudioException.class, e -> assertThat(e.kind())
            .isIn(AudioException.Kind.UNSUPPORTED_FORMAT, AudioException.Kind.CORRUPT));
  }
}
