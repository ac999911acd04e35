package ai.muq.library;

/**
 * Tuning of the embedded HNSW index.
 *
 * @param maxConn HNSW graph degree (Lucene's M)
 * @param beamWidth candidate list size while building the graph (efConstruction)
 * @param searchCandidates candidate list size while searching (efSearch); a query explores at least
 *     max(top_k, searchCandidates) candidates per segment, then keeps top_k
 * @param ramBufferMb indexing buffer before a segment is flushed
 */
public record LuceneIndexSettings(int maxConn, int beamWidth, int searchCandidates, double ramBufferMb) {

  /**
   * Measured recall@10 0.976 on 100 000 random 512-d unit vectors (IndexBenchmark, see
   * docs/library.md; 200 candidates gave only 0.80: random high-dimensional data is the hard case)
   * in the 10-17 segments that batched ingest produces. Each segment is searched with this many
   * candidates, so an index merged into one segment needs more: 0.815 at 800 there.
   */
  public static final LuceneIndexSettings DEFAULT = new LuceneIndexSettings(32, 200, 800, 256);

  public LuceneIndexSettings {
    if (maxConn < 2 || maxConn > 512 || beamWidth < 1 || beamWidth > 3200) {
      throw new IllegalArgumentException("HNSW needs maxConn in 2..512 and beamWidth in 1..3200");
    }
    if (searchCandidates < 1 || ramBufferMb < 1) {
      throw new IllegalArgumentException("search candidates and RAM buffer must be positive");
    }
  }
}
