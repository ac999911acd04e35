package ai.muq.train;

import ai.muq.data.CatalogEntry;
import ai.muq.data.ClipLoader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Training batches from a user catalog through the background {@link ClipLoader}: random crops,
 * seeded shuffling, corrupt files skipped. A resumed run restarts the loader at the saved
 * position (epoch and index), so resuming costs no decoding.
 */
public final class CatalogBatches implements BatchSource {

  private final List<CatalogEntry> entries;
  private final ClipLoader.Config config;
  private final String captionLanguage;
  private ClipLoader loader;

  public CatalogBatches(List<CatalogEntry> entries, int batchSize, int cropSamples, int workers, long seed, String captionLanguage) {
    if (entries.size() < batchSize) {
      throw new IllegalArgumentException("the catalog has " + entries.size() + " clips, fewer than one batch of " + batchSize);
    }
    this.entries = List.copyOf(entries);
    this.config = new ClipLoader.Config(batchSize, cropSamples, workers, seed, 4, 0);
    this.captionLanguage = captionLanguage;
    this.loader = new ClipLoader(this.entries, config, ClipLoader.Position.START);
  }

  @Override
  public Batch next() throws IOException {
    try {
      ClipLoader.Batch b = loader.next().orElseThrow(() -> new IOException("the clip loader ended"));
      List<List<String>> captions = new ArrayList<>();
      List<List<String>> tags = new ArrayList<>();
      for (CatalogEntry e : b.entries()) {
        List<String> cs = e.captions().getOrDefault(captionLanguage, List.of());
        if (cs.isEmpty() && !e.tags().isEmpty()) {
          cs = List.of(String.join(", ", e.tags()) + " music");
        }
        captions.add(cs);
        tags.add(List.copyOf(e.tags()));
      }
      float[][] audio = b.audio();
      for (float[] row : audio) {
        for (int i = 0; i < row.length; i++) {
          if (!Float.isFinite(row[i])) {
            row[i] = 0f; // a decoder's NaN must not reach the model
          }
        }
      }
      return new Batch(audio, captions, tags);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while loading clips");
    }
  }

  @Override
  public String position() {
    ClipLoader.Position p = loader.position();
    return p.epoch() + ":" + p.index();
  }

  @Override
  public void seek(String position) throws IOException {
    String[] parts = position.split(":");
    if (parts.length != 2) {
      throw new IOException("bad data position in checkpoint: " + position);
    }
    loader.close();
    loader = new ClipLoader(entries, config, new ClipLoader.Position(Long.parseLong(parts[0]), Integer.parseInt(parts[1])));
  }

  @Override
  public void close() {
    loader.close();
  }
}
