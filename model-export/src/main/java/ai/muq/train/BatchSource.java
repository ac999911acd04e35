package ai.muq.train;

import java.io.IOException;
import java.util.List;

/**
 * Batches of training audio: fixed-length mono 24 kHz waveforms, with their captions where the
 * data has them. Sources are deterministic for their seed, so skipping the batches a checkpoint
 * already consumed resumes the data stream exactly.
 */
public interface BatchSource extends AutoCloseable {

  /**
   * A batch.
   *
   * @param waves [batch][samples]
   * @param captions per clip, possibly empty lists
   * @param tags per clip, possibly empty lists
   * @param windows real-music windows [tracks][samples] for the audio-audio contrastive objective
   *     (two crops of each, one from each end), null when the run has none
   */
  record Batch(float[][] waves, List<List<String>> captions, List<List<String>> tags, float[][] windows) {
    public Batch(float[][] waves, List<List<String>> captions, List<List<String>> tags) {
      this(waves, captions, tags, null);
    }

    public Batch(float[][] waves, List<List<String>> captions) {
      this(waves, captions, captions.stream().map(c -> List.<String>of()).toList());
    }

    /** This batch with real-music windows added. */
    public Batch withWindows(float[][] w) {
      return new Batch(waves, captions, tags, w);
    }
  }

  Batch next() throws IOException;

  /** Where the stream stands after the last batch returned, saved in checkpoints. */
  String position();

  /** Continues from a position {@link #position()} returned (a resumed run). */
  void seek(String position) throws IOException;

  @Override
  default void close() throws IOException {}
}
