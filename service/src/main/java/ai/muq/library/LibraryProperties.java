package ai.muq.library;

import ai.muq.library.lucene.LuceneIndexSettings;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings {@code muq.library.*}.
 *
 * @param dir data directory: {@code index/} (Lucene), {@code audio/} (original uploads, for reindex)
 *     and ingest journals
 * @param searchCandidates HNSW candidates explored per query (efSearch); higher = better recall, slower
 * @param maxConn HNSW graph degree, used when segments are written
 * @param beamWidth HNSW construction beam, used when segments are written
 * @param maxUploadBytes largest accepted audio file
 * @param maxAudioSeconds longest accepted audio
 * @param ingestThreads files embedded at once by the {@code ingest} command (0 = number of cores)
 */
@ConfigurationProperties("muq.library")
public record LibraryProperties(
    @DefaultValue("./data/library") Path dir,
    @DefaultValue("1600") int searchCandidates,
    @DefaultValue("32") int maxConn,
    @DefaultValue("200") int beamWidth,
    @DefaultValue("104857600") long maxUploadBytes,
    @DefaultValue("1200") double maxAudioSeconds,
    @DefaultValue("0") int ingestThreads) {

  LuceneIndexSettings indexSettings() {
    return new LuceneIndexSettings(maxConn, beamWidth, searchCandidates, LuceneIndexSettings.DEFAULT.ramBufferMb());
  }

  public int effectiveIngestThreads() {
    return ingestThreads > 0 ? ingestThreads : Runtime.getRuntime().availableProcessors();
  }
}
