package ai.muq.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import javax.sound.midi.Soundbank;

/**
 * The one SoundFont lookup of the tests: those that render need a GM SoundFont (Debian package
 * timgm6mb-soundfont, installed by .ci/run) and are skipped, with the reason printed, without one.
 */
public final class SoundfontAvailable {

  private static Soundbank bank;

  private SoundfontAvailable() {}

  /** The GM SoundFont {@code synth} uses by default; skips the calling test when none is installed. */
  public static Path file() {
    Path file = GervillRenderer.findDefaultSoundfont().orElse(null);
    if (file == null) {
      System.out.println(
          "SKIPPED: no GM SoundFont in /usr/share/sounds/sf2 (apt-get install timgm6mb-soundfont)");
    }
    assumeTrue(file != null, "no GM SoundFont: apt-get install timgm6mb-soundfont");
    return file;
  }

  static synchronized Soundbank soundbank() throws IOException {
    if (bank == null) {
      bank = GervillRenderer.loadSoundbank(file());
    }
    return bank;
  }
}
