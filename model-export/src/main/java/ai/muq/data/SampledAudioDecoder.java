package ai.muq.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes what {@code javax.sound.sampled} reads (WAV, AIFF, AU PCM) to mono float at a target
 * rate: the JDK's format converter resamples (windowed-sinc interpolation) and this class averages
 * the channels. Compressed formats (mp3, flac, ogg) fail with {@link UnsupportedAudioFileException}.
 */
public final class SampledAudioDecoder implements ClipDecoder {

  private final int sampleRate;

  public SampledAudioDecoder(int sampleRate) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
    }
    this.sampleRate = sampleRate;
  }

  @Override
  public float[] decode(Path file) throws IOException, UnsupportedAudioFileException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        AudioInputStream source = AudioSystem.getAudioInputStream(raw)) {
      AudioFormat in = source.getFormat();
      int channels = in.getChannels();
      if (channels < 1) {
        throw new UnsupportedAudioFileException("no channels in " + file);
      }
      AudioFormat target =
          new AudioFormat(
              AudioFormat.Encoding.PCM_FLOAT, sampleRate, 32, channels, 4 * channels, sampleRate,
              false, Map.of("interpolation", "sinc"));
      if (!AudioSystem.isConversionSupported(target, in)) {
        throw new UnsupportedAudioFileException("cannot convert " + in + " in " + file);
      }
      byte[] bytes;
      try (AudioInputStream converted = AudioSystem.getAudioInputStream(target, source)) {
        bytes = converted.readAllBytes();
      }
      FloatBuffer floats = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
      int frames = floats.remaining() / channels;
      float[] mono = new float[frames];
      for (int f = 0; f < frames; f++) {
        float sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += floats.get(f * channels + c);
        }
        mono[f] = sum / channels;
      }
      return mono;
    }
  }
}
