package ai.muq.audio;

import java.util.Arrays;

/**
 * Growable per-channel sample store for decoders that do not know their length up front; refuses
 * to grow past the frame limit so that a long stream fails with TOO_LONG instead of filling memory.
 */
final class PcmBuffer {

  private final int sampleRate;
  private final long maxFrames;
  private final double maxSeconds;
  private float[][] channels;
  private int frames;

  PcmBuffer(int channelCount, int sampleRate, AudioLimits limits, int initialFrames) {
    this.sampleRate = sampleRate;
    this.maxFrames = limits.maxFrames(sampleRate);
    this.maxSeconds = limits.maxSeconds();
    this.channels = new float[channelCount][Math.max(16, initialFrames)];
  }

  int channelCount() {
    return channels.length;
  }

  int sampleRate() {
    return sampleRate;
  }

  int frames() {
    return frames;
  }

  /** Makes room for {@code more} frames; the caller then writes them through {@link #channel}. */
  void ensure(int more) throws AudioException {
    long needed = (long) frames + more;
    if (needed > maxFrames) {
      throw AudioErrors.tooLong(maxSeconds);
    }
    if (needed > Integer.MAX_VALUE - 16) {
      throw new AudioException(AudioException.Kind.TOO_LONG, "audio too long to hold in memory");
    }
    if (needed > channels[0].length) {
      int capacity = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(needed, 2L * channels[0].length));
      for (int c = 0; c < channels.length; c++) {
        channels[c] = Arrays.copyOf(channels[c], capacity);
      }
    }
  }

  float[] channel(int c) {
    return channels[c];
  }

  /** Marks {@code count} frames written after {@link #ensure}. */
  void advance(int count) {
    frames += count;
  }

  DecodedAudio toAudio() throws AudioException {
    if (frames == 0) {
      throw new AudioException(AudioException.Kind.EMPTY, "the audio has no samples");
    }
    float[][] out = new float[channels.length][];
    for (int c = 0; c < channels.length; c++) {
      out[c] = channels[c].length == frames ? channels[c] : Arrays.copyOf(channels[c], frames);
    }
    return new DecodedAudio(out, sampleRate);
  }
}
