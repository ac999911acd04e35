package ai.muq.library;

/**
 * The model behind the library: maps audio and text into one embedding space (MuQ-MuLan). The
 * service provides the real implementation (ONNX Runtime); the library only depends on this.
 *
 * <p>Implementations must be thread-safe. Returned vectors need not be normalised; the library
 * normalises them before storing or searching.
 */
public interface TrackEmbedder {

  /** Identifies the model bundle; vectors from different bundles are never compared. */
  String bundleId();

  /**
   * Embeds a whole track and its consecutive spans (10 s segments for MuLan).
   *
   * @param waveform24k mono samples at 24 kHz in [-1, 1]
   */
  TrackEmbedding embedTrack(float[] waveform24k);

  /** Embeds a text description into the same space as {@link #embedTrack}. */
  float[] embedText(String text);
}
