package ai.muq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.lucene.LuceneIndexSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recall@10 of the HNSW search against brute force on random unit 512-d vectors, with the default
 * settings. Random high-dimensional vectors are the hard case for HNSW (no cluster structure).
 *
 * <p>The 100 000 vectors (built in 5 000-track commits like bulk ingest, so in many
 * segments); about 80 s to build with the Vector API on 2 cores. {@code -Dmuq.library.recall.n}
 * changes the size.
 */
@Tag("slow")
class LuceneRecallTest {

  @TempDir Path dir;

  @Test
  void hnswRecallAt10IsAtLeast95PercentOfBruteForce() throws Exception {
    int n = Integer.getInteger("muq.library.recall.n", 100_000);
    IndexBenchmark.Result result = IndexBenchmark.run(dir, n, 512, LuceneIndexSettings.DEFAULT, 2, 5_000, 20, 100, 0, 7, new int[0]);
    System.out.println("LuceneRecallTest: " + result.describe());
    assertThat(result.recallAt10()).isGreaterThanOrEqualTo(0.95);
  }
}
