package ai.muq.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files (random bytes overwritten, random cuts) either decode or are refused with an
 * {@link AudioException}: no other exception escapes and nothing hangs.
 */
class DamagedInputTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"d.wav", "d.aiff", "d.flac", "d.mp3", "d.ogg"})
  void damagedFilesFailCleanly(String name) throws Exception {
    byte[] original = Tools.sox(dir, name, "-r 22050 -c 2", 0.3, "sine 440 sine 550");
    AudioLoader loader = new AudioLoader(new AudioLimits(10_000_000, 60), null);
    Random random = new Random(name.hashCode());
    for (int trial = 0; trial < 60; trial++) {
      byte[] damaged = original.clone();
      if (trial % 3 == 0) {
        damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
      } else {
        int edits = 1 + random.nextInt(8);
        // Damage the headers more often than the payload: that is where parsers go wrong.
        for (int e = 0; e < edits; e++) {
          int at = random.nextBoolean() ? random.nextInt(Math.min(200, damaged.length)) : random.nextInt(damaged.length);
          damaged[at] = (byte) random.nextInt(256);
        }
      }
      byte[] input = damaged;
      Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        try {
          DecodedAudio audio = loader.decode(input, name);
          assertThat(audio.frames()).isPositive();
        } catch (AudioException expected) {
          assertThat(expected.getMessage()).isNotBlank().doesNotContain("\n");
        }
      }, name + " trial " + trial);
    }
  }
}
