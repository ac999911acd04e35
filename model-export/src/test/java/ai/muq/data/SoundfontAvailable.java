package ai.muq.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.midi.Soundbank;

/** Tests that render need a GM SoundFont (Debian package timgm6mb-soundfont, installed by .ci/run). */
final class SoundfontAvailable {

  private static Soundbank bank;

  private SoundfontAvailable() {}

  static synchronized Soundbank soundbank() throws IOException {
    if (bank == null) {
      Path file = GervillRenderer.findDefaultSoundfont().orElse(null);
      if (file == null) {
        System.out.println(
            "SKIPPED: no GM SoundFont in /usr/share/sounds/sf2 (apt-get install timgm6mb-soundfont)");
      }
      assumeTrue(file != null, "no GM SoundFont: apt-get install timgm6mb-soundfont");
      bank = GervillRenderer.loadSoundbank(file);
    }
    return bank;
  }
}
