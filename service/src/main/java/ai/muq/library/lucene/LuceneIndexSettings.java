package ai.muq.library.lucene;


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
   * efSearch 1600: on 100 000 random 512-d unit vectors (IndexBenchmark, docs/library.md) recall@10
   * was 0.963 with the index merged into one segment, and already 0.976 at 800 in the 10-17
   * segments batched ingest produces (each segment is searched with this many candidates, so
   * fewer segments need more). Random high-dimensional data is the hard case for HNSW.
   */
  public static final LuceneIndexSettings DEFAULT = new LuceneIndexSettings(32, 200, 1600, 256);

  public LuceneIndexSettings {
    if (maxConn < 2 || maxConn > 512 || beamWidth < 1 || beamWidth > 3200) {
      throw new IllegalArgumentException("HNSW needs maxConn in 2..512 and beamWidth in 1..3200");
    }
    if (searchCandidates < 1 || ramBufferMb < 1) {
      throw new IllegalArgumentException("search candidates and RAM buffer must be positive");
    }
  }
}
