package ai.muq.train;

import java.io.IOException;

/**
 * Two sources in lockstep for {@code train-mulan --real-music}: the text-paired batches and
 * batches of real-music windows (long crops of real tracks, from which the audio-audio objective
 * cuts two views). Both resume from the combined position {@code main|windows}.
 */
public final class WindowedBatches implements BatchSource {

  private final BatchSource main;
  private final BatchSource windows;

  public WindowedBatches(BatchSource main, BatchSource windows) {
    this.main = main;
    this.windows = windows;
  }

  @Override
  public Batch next() throws IOException {
    return main.next().withWindows(windows.next().waves());
  }

  @Override
  public String position() {
    return main.position() + "|" + windows.position();
  }

  @Override
  public void seek(String position) throws IOException {
    int bar = position.indexOf('|');
    if (bar < 0) {
      throw new IOException("checkpoint position " + position + " has no real-music part: the run was started without --real-music");
    }
    main.seek(position.substring(0, bar));
    windows.seek(position.substring(bar + 1));
  }

  @Override
  public void close() throws IOException {
    try (main) {
      windows.close();
    }
  }
}
