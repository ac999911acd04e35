package ai.muq.library;

import java.nio.file.Path;

/** Runs the backend contract against the embedded Lucene index. */
class LuceneTrackIndexTest extends TrackIndexContractTest {

  @Override
  protected TrackIndex open(Path dir) {
    return new LuceneTrackIndex(dir, LuceneIndexSettings.DEFAULT);
  }
}
