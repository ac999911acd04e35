package ai.muq.library;

import ai.muq.library.solr.SolrTestCluster;
import ai.muq.library.solr.SolrTrackIndex;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;

/**
 * Runs the backend contract against a SolrCloud collection of 2 shards on the two-node test
 * cluster. A data directory maps to one collection name, so reopening the same directory reopens
 * the same collection.
 */
@Tag("slow")
class SolrTrackIndexTest extends TrackIndexContractTest {

  @Override
  protected TrackIndex open(Path dir) {
    String collection = "contract-" + HexFormat.of().toHexDigits(dir.toAbsolutePath().toString().hashCode());
    return SolrTrackIndex.open(SolrTestCluster.shared().settings(collection, 2, 1));
  }
}
