package ai.muq.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Writes mono 16-bit PCM WAV files through {@link AudioSystem#write}. */
public final class WavFiles {

  private WavFiles() {}

  /** Rounds float samples (full scale 1.0) to 16-bit, clamping out-of-range values. */
  public static short[] toPcm16(float[] samples) {
    short[] pcm = new short[samples.length];
    for (int i = 0; i < samples.length; i++) {
      long v = Math.round(samples[i] * 32767.0);
      pcm[i] = (short) Math.clamp(v, -32768, 32767);
    }
    return pcm;
  }

  /** The samples a 16-bit file holds, back as floats. */
  public static float[] fromPcm16(short[] pcm) {
    float[] x = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      x[i] = pcm[i] / 32768f;
    }
    return x;
  }

  /** Writes a mono 16-bit little-endian WAV atomically (temp file, then move). */
  public static void writeMono16(Path file, short[] pcm, int sampleRate) throws IOException {
    byte[] bytes = new byte[pcm.length * 2];
    for (int i = 0; i < pcm.length; i++) {
      bytes[2 * i] = (byte) pcm[i];
      bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
    }
    AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".part");
    try (AudioInputStream in =
        new AudioInputStream(new ByteArrayInputStream(bytes), format, pcm.length)) {
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, tmp.toFile());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
