package ai.muq.library;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Synthetic WAV files for tests. */
final class TestAudio {

  private TestAudio() {}

  /** A 16-bit PCM WAV of sine tones (one per frequency, summed), equal in every channel. */
  static byte[] sineWav(double seconds, int sampleRate, int channels, double... frequencies) {
    int frames = (int) Math.round(seconds * sampleRate);
    ByteBuffer pcm = ByteBuffer.allocate(frames * channels * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double sample = 0;
      for (double f : frequencies) {
        sample += Math.sin(2 * Math.PI * f * i / sampleRate) * 0.5 / frequencies.length;
      }
      for (int c = 0; c < channels; c++) {
        pcm.putShort((short) Math.round(sample * 32767));
      }
    }
    AudioFormat format = new AudioFormat(sampleRate, 16, channels, true, false);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
