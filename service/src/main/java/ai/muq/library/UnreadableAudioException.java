package ai.muq.library;

import ai.muq.audio.AudioException;

/**
 * Uploaded or stored audio that cannot be decoded or is outside the limits: the audio loader's
 * {@link AudioException} carried through the library's unchecked decoding seam, with its kind.
 */
public final class UnreadableAudioException extends RuntimeException {

  private final AudioException.Kind kind;

  public UnreadableAudioException(AudioException cause) {
    super(cause.getMessage(), cause);
    this.kind = cause.kind();
  }

  public AudioException.Kind kind() {
    return kind;
  }
}
