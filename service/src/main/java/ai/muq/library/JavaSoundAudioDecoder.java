package ai.muq.library;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Decodes what the JDK's sound API reads (WAV, AIFF, AU with PCM samples), resamples to 24 kHz with
 * the JDK's converter and averages channels to mono. The library's default until the service's
 * audio loader (more formats) is wired in.
 */
public final class JavaSoundAudioDecoder implements AudioDecoder {

  private final long maxBytes;
  private final double maxSeconds;

  public JavaSoundAudioDecoder(long maxBytes, double maxSeconds) {
    if (maxBytes <= 0 || !(maxSeconds > 0)) {
      throw new IllegalArgumentException("limits must be positive");
    }
    this.maxBytes = maxBytes;
    this.maxSeconds = maxSeconds;
  }

  @Override
  public float[] decode(byte[] data, String nameOrMime) {
    if (data == null || data.length == 0) {
      throw new UnreadableAudioException(UnreadableAudioException.Reason.EMPTY, "the audio file is empty");
    }
    if (data.length > maxBytes) {
      throw new UnreadableAudioException(UnreadableAudioException.Reason.TOO_LARGE,
          "the audio file has " + data.length + " bytes, more than the limit of " + maxBytes);
    }
    try (AudioInputStream source = AudioSystem.getAudioInputStream(new ByteArrayInputStream(data))) {
      AudioFormat in = source.getFormat();
      if (source.getFrameLength() != AudioSystem.NOT_SPECIFIED) {
        checkDuration(source.getFrameLength() / (double) in.getFrameRate());
      }
      int channels = in.getChannels();
      AudioFormat pcm = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, in.getSampleRate(), 16, channels, 2 * channels,
          in.getSampleRate(), false);
      AudioFormat target = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, SAMPLE_RATE, 16, channels, 2 * channels,
          SAMPLE_RATE, false);
      try (AudioInputStream pcmStream = AudioSystem.getAudioInputStream(pcm, source);
          AudioInputStream resampled = in.getSampleRate() == SAMPLE_RATE ? pcmStream : AudioSystem.getAudioInputStream(target, pcmStream)) {
        byte[] bytes = resampled.readAllBytes();
        int frames = bytes.length / (2 * channels);
        if (frames == 0) {
          throw new UnreadableAudioException(UnreadableAudioException.Reason.EMPTY, "the audio has no samples");
        }
        checkDuration(frames / (double) SAMPLE_RATE);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] mono = new float[frames];
        for (int f = 0; f < frames; f++) {
          float sum = 0;
          for (int c = 0; c < channels; c++) {
            sum += buffer.getShort() / 32768f;
          }
          mono[f] = sum / channels;
        }
        return mono;
      }
    } catch (UnsupportedAudioFileException e) {
      throw new UnreadableAudioException(UnreadableAudioException.Reason.UNSUPPORTED_FORMAT,
          "unsupported audio format (this decoder reads PCM WAV, AIFF and AU)", e);
    } catch (IllegalArgumentException e) {
      throw new UnreadableAudioException(UnreadableAudioException.Reason.UNSUPPORTED_FORMAT,
          "cannot convert this audio encoding: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UnreadableAudioException(UnreadableAudioException.Reason.CORRUPT, "the audio file is corrupt: " + e.getMessage(), e);
    }
  }

  private void checkDuration(double seconds) {
    if (seconds > maxSeconds) {
      throw new UnreadableAudioException(UnreadableAudioException.Reason.TOO_LONG,
          "the audio lasts %.1f s, more than the limit of %.1f s".formatted(seconds, maxSeconds));
    }
  }
}
