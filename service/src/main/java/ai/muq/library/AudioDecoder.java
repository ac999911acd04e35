package ai.muq.library;

/** Turns uploaded audio bytes into the model's input: mono float samples at 24 kHz. */
@FunctionalInterface
public interface AudioDecoder {

  int SAMPLE_RATE = 24_000;

  /**
   * @param data the encoded file
   * @param nameOrMime file name or MIME type, a hint for the container format (may be null)
   * @throws UnreadableAudioException when the audio cannot be used
   */
  float[] decode(byte[] data, String nameOrMime);
}
