package ai.muq.library;

import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Child process of {@link LuceneCrashDurabilityTest}: adds tracks to the index in {@code args[0]}
 * one at a time and prints {@code ACK <id>} after each upsert returned, until killed.
 */
public final class CrashIngestMain {

  private CrashIngestMain() {}

  static TrackDocument trackNumber(int i) {
    Random random = new Random(i);
    return TestVectors.randomTrack(random, "c-%06d".formatted(i), "crash-bundle", 64, 2,
        new TrackMetadata("t" + i, "artist", List.of("crash"), java.util.Map.of("i", Integer.toString(i))));
  }

  public static void main(String[] args) {
    LuceneTrackIndex index = new LuceneTrackIndex(Path.of(args[0]), LuceneIndexSettings.DEFAULT);
    for (int i = 0; i < Integer.parseInt(args[1]); i++) {
      TrackDocument doc = trackNumber(i);
      index.upsert(doc);
      System.out.println("ACK " + doc.id());
      System.out.flush();
    }
    System.out.println("DONE");
    System.out.flush();
    // Deliberately never closes the index: only commits made by upsert may count.
    Runtime.getRuntime().halt(0);
  }
}
