package ai.muq.library;

import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import java.nio.file.Path;

/** Runs the backend contract against the embedded Lucene index. */
class LuceneTrackIndexTest extends TrackIndexContractTest {

  @Override
  protected TrackIndex open(Path dir) {
    return new LuceneTrackIndex(dir, LuceneIndexSettings.DEFAULT);
  }
}
