package ai.muq.audio;

/**
 * Limits checked before and during decoding, so that a hostile or mistaken upload can neither
 * exhaust memory nor keep a worker busy for long.
 *
 * @param maxBytes largest accepted encoded input in bytes, &gt; 0
 * @param maxSeconds longest accepted audio in seconds, &gt; 0 (may be infinite); decided from the
 *     header before any sample buffer is allocated whenever the format declares its length
 */
public record AudioLimits(long maxBytes, double maxSeconds) {

  public AudioLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be > 0, got " + maxBytes);
    }
    if (!(maxSeconds > 0)) {
      throw new IllegalArgumentException("maxSeconds must be > 0, got " + maxSeconds);
    }
  }

  /** No limit on size or duration (trusted local files, e.g. training data). */
  public static AudioLimits unlimited() {
    return new AudioLimits(Long.MAX_VALUE, Double.POSITIVE_INFINITY);
  }

  /** The largest number of sample frames allowed at {@code sampleRate}. */
  long maxFrames(int sampleRate) {
    double frames = Math.floor(maxSeconds * sampleRate);
    return frames >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) frames;
  }
}
