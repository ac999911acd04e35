package ai.muq.onnx;

import ai.muq.data.ClipDecoder;
import ai.muq.data.ClipLoader;
import ai.muq.data.Composer;
import ai.muq.data.GervillRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.sound.midi.Soundbank;

/**
 * Calibration clips for static int8: 10 s waveforms at 24 kHz whose activation ranges set the
 * quantisation scales. Either the audio files of a folder or, by default, pieces composed and
 * rendered with the General MIDI SoundFont (the same renderer as the synthetic corpus).
 */
public final class CalibrationAudio {

  /** Clips rendered when no folder is given. */
  public static final int BUILT_IN_CLIPS = 8;

  /** At most this many files of a calibration folder are used (sorted by name). */
  public static final int MAX_FOLDER_CLIPS = 64;

  private CalibrationAudio() {}

  /** The first 10 s of every decodable audio file in {@code dir} (sorted by name), zero-padded. */
  public static List<float[]> fromDir(Path dir, int maxClips) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("calibration folder not found: " + dir);
    }
    ClipDecoder decoder = ClipLoader.sharedDecoder();
    List<float[]> clips = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path f : files) {
      if (clips.size() == maxClips) {
        break;
      }
      try {
        clips.add(Arrays.copyOf(decoder.decode(f), BundleExporter.CLIP_SAMPLES));
      } catch (Exception e) {
        // not audio (a README, a cover image): skipped
      }
    }
    if (clips.isEmpty()) {
      throw new IOException("no decodable audio in calibration folder " + dir);
    }
    return clips;
  }

  /** {@link #BUILT_IN_CLIPS} pieces of mixed styles, composed from fixed seeds and rendered. */
  public static List<float[]> builtIn() throws IOException {
    Path font = GervillRenderer.findDefaultSoundfont()
        .orElseThrow(() -> new IOException("no General MIDI SoundFont installed for the built-in calibration clips; pass --calibration DIR"));
    Soundbank bank = GervillRenderer.loadSoundbank(font);
    GervillRenderer renderer = new GervillRenderer(bank, 24_000);
    Composer composer = new Composer();
    double seconds = (double) BundleExporter.CLIP_SAMPLES / 24_000;
    List<float[]> clips = new ArrayList<>();
    for (int i = 0; i < BUILT_IN_CLIPS; i++) {
      float[] audio = renderer.render(composer.compose(1000L + i, seconds).sequence(), seconds);
      clips.add(Arrays.copyOf(audio, BundleExporter.CLIP_SAMPLES));
    }
    return clips;
  }
}
