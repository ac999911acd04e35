package ai.muq.data;

import ai.muq.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** 16-bit WAV output of the synth corpus, through the shared {@link WavWriter}. */
public final class WavFiles {

  private WavFiles() {}

  /**
   * The samples exactly as a 16-bit file stores them: scaled by 32768, rounded, clipped (the
   * scaling {@link WavWriter#pcm16} and the shared loader use), back in float. Writing the result
   * again is lossless, so labels measured on it describe the file.
   */
  public static float[] quantize16(float[] samples) {
    float[] q = new float[samples.length];
    for (int i = 0; i < samples.length; i++) {
      long v = Math.clamp(Math.round(samples[i] * 32768.0), -32768, 32767);
      q[i] = v / 32768f;
    }
    return q;
  }

  /** Writes a mono 16-bit WAV atomically (a {@code .part} file, then a move). */
  public static void writeMono16(Path file, float[] samples, int sampleRate) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".part");
    try {
      Files.write(tmp, WavWriter.pcm16(samples, sampleRate));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
