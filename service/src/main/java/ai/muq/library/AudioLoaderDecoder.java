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
      UnreadableAudioException.Reason reason = switch (e.kind()) {
        case UNSUPPORTED_FORMAT -> UnreadableAudioException.Reason.UNSUPPORTED_FORMAT;
        case CORRUPT -> UnreadableAudioException.Reason.CORRUPT;
        case EMPTY -> UnreadableAudioException.Reason.EMPTY;
        case TOO_LARGE -> UnreadableAudioException.Reason.TOO_LARGE;
        case TOO_LONG -> UnreadableAudioException.Reason.TOO_LONG;
      };
      throw new UnreadableAudioException(reason, e.getMessage(), e);
    }
  }
}
