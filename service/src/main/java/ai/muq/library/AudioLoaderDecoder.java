package ai.muq.library;

import ai.muq.audio.AudioException;
import ai.muq.audio.AudioLimits;
import ai.muq.audio.AudioLoader;

/** The library's audio decoding through the shared {@link AudioLoader} (WAV, AIFF, FLAC, MP3, Vorbis, ...). */
public final class AudioLoaderDecoder implements AudioDecoder {

  private final AudioLoader loader;

  public AudioLoaderDecoder(long maxBytes, double maxSeconds) {
    this.loader = new AudioLoader(new AudioLimits(maxBytes, maxSeconds));
  }

  @Override
  public float[] decode(byte[] data, String nameOrMime) {
    try {
      return loader.load(data, nameOrMime, SAMPLE_RATE);
    } catch (AudioException e) {
      throw new UnreadableAudioException(e);
    }
  }
}
