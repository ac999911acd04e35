package ai.muq.audio;

/**
 * Decoded audio before resampling: one float array per channel, samples in [-1, 1] (float formats
 * may exceed that range; they are passed on unclipped).
 *
 * @param channels at least one channel, all of equal length (the array is not copied)
 * @param sampleRate the source rate in Hz, &gt; 0
 */
public record DecodedAudio(float[][] channels, int sampleRate) {

  public DecodedAudio {
    if (channels == null || channels.length == 0) {
      throw new IllegalArgumentException("audio needs at least one channel");
    }
    int frames = channels[0].length;
    for (float[] channel : channels) {
      if (channel == null || channel.length != frames) {
        throw new IllegalArgumentException("all channels must have the same length");
      }
    }
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be > 0, got " + sampleRate);
    }
  }

  /** Number of sample frames (samples per channel). */
  public int frames() {
    return channels[0].length;
  }

  /** The channels averaged into one; the single channel itself (not a copy) for mono audio. */
  public float[] mono() {
    if (channels.length == 1) {
      return channels[0];
    }
    int frames = frames();
    float[] mono = new float[frames];
    for (float[] channel : channels) {
      for (int i = 0; i < frames; i++) {
        mono[i] += channel[i];
      }
    }
    float scale = 1f / channels.length;
    for (int i = 0; i < frames; i++) {
      mono[i] *= scale;
    }
    return mono;
  }

  /** Duration in seconds. */
  public double seconds() {
    return (double) frames() / sampleRate;
  }
}
