package ai.muq.library.lucene;

import ai.muq.library.MetadataPatch;
import ai.muq.library.SegmentVector;
import ai.muq.library.TrackDocument;
import ai.muq.library.TrackFilter;
import ai.muq.library.TrackHit;
import ai.muq.library.TrackIds;
import ai.muq.library.TrackIndex;
import ai.muq.library.TrackInfo;
import ai.muq.library.TrackMetadata;
import ai.muq.library.TrackPage;
import ai.muq.library.VectorQuery;
import ai.muq.library.Vectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * {@link TrackIndex} on an embedded Apache Lucene index in one directory.
 *
 * <p>Layout: each track is one "track" document holding metadata and the track vector, followed by
 * one "segment" document per segment vector; a track and its segments are written and replaced
 * together by {@link IndexWriter#updateDocuments}. Vectors live in a field named after their
 * bundle ({@code track_vector@<bundle>}), so each bundle has its own HNSW graphs: a query can only
 * ever meet vectors of its own bundle, and bundles may differ in dimension.
 *
 * <p>Durability: every write commits (fsync) before it returns. Concurrent writers share commits
 * (group commit): a writer whose change was already covered by another writer's commit returns
 * without committing again. After the commit the near-real-time searcher is refreshed, so the write
 * is visible to the next search.
 */
public final class LuceneTrackIndex implements TrackIndex {

  static final String KIND = "kind";
  static final String KIND_TRACK = "track";
  static final String KIND_SEGMENT = "segment";
  static final String ID = "track_id";
  /** Doc values of the id, on track documents only (Lucene requires one schema per field name). */
  static final String ID_SORT = "track_id_sort";
  static final String BUNDLE = "bundle";
  static final String TITLE = "title";
  static final String ARTIST = "artist";
  static final String TAG = "tag";
  static final String ATTRIBUTE = "attribute";
  static final String SHA256 = "content_sha256";
  static final String DURATION = "duration_seconds";
  static final String ADDED_AT = "added_at_ms";
  static final String SEGMENT_COUNT = "segment_count";
  static final String START = "start_seconds";
  static final String END = "end_seconds";
  /** Separates key and value of an attribute term; cannot occur in JSON-decoded keys in practice. */
  private static final char ATTRIBUTE_SEPARATOR = '\u001f';

  private static final int LOCK_STRIPES = 64;

  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final LuceneIndexSettings settings;
  private final Object commitLock = new Object();
  private final ReentrantLock[] idLocks = new ReentrantLock[LOCK_STRIPES];
  private volatile long committedSeqNo;

  /** Opens (or creates) the index in {@code dir}. */
  public LuceneTrackIndex(Path dir, LuceneIndexSettings settings) {
    this.settings = settings;
    try {
      this.directory = FSDirectory.open(dir);
      KnnVectorsFormat hnsw = new Lucene99HnswVectorsFormat(settings.maxConn(), settings.beamWidth());
      IndexWriterConfig config = new IndexWriterConfig()
          .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
          .setRAMBufferSizeMB(settings.ramBufferMb())
          .setCodec(new Lucene103Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
              return hnsw;
            }
          });
      this.writer = new IndexWriter(directory, config);
      // An empty directory gets a first commit so that readers and restarts always find an index.
      this.committedSeqNo = writer.commit();
      this.searchers = new SearcherManager(writer, true, true, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open library index in " + dir, e);
    }
    for (int i = 0; i < LOCK_STRIPES; i++) {
      idLocks[i] = new ReentrantLock();
    }
  }

  static String trackVectorField(String bundleId) {
    return "track_vector@" + bundleId;
  }

  static String segmentVectorField(String bundleId) {
    return "segment_vector@" + bundleId;
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void upsert(TrackDocument track) {
    ReentrantLock lock = lockFor(track.id());
    lock.lock();
    try {
      makeDurableAndVisible(writer.updateDocuments(new Term(ID, track.id()), toDocuments(track)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void upsertAll(Collection<TrackDocument> tracks) {
    long seqNo = -1;
    try {
      for (TrackDocument track : tracks) {
        ReentrantLock lock = lockFor(track.id());
        lock.lock();
        try {
          seqNo = Math.max(seqNo, writer.updateDocuments(new Term(ID, track.id()), toDocuments(track)));
        } finally {
          lock.unlock();
        }
      }
      if (seqNo >= 0) {
        makeDurableAndVisible(seqNo);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<TrackInfo> patch(String id, MetadataPatch patch) {
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      Optional<TrackDocument> current = getDocument(id);
      if (current.isEmpty()) {
        return Optional.empty();
      }
      TrackDocument updated = current.get().withMetadata(current.get().metadata().apply(patch));
      makeDurableAndVisible(writer.updateDocuments(new Term(ID, id), toDocuments(updated)));
      return Optional.of(updated.info());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean delete(String id) {
    ReentrantLock lock = lockFor(id);
    lock.lock();
    try {
      if (get(id).isEmpty()) {
        return false;
      }
      makeDurableAndVisible(writer.deleteDocuments(new Term(ID, id)));
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Commits unless a commit covering {@code seqNo} already happened, then refreshes the searcher.
   * Writers waiting on the lock while another commits usually find their change covered.
   */
  private void makeDurableAndVisible(long seqNo) throws IOException {
    if (seqNo > committedSeqNo) {
      synchronized (commitLock) {
        if (seqNo > committedSeqNo) {
          // IndexWriter.commit returns the last sequence number it includes.
          committedSeqNo = writer.commit();
        }
      }
    }
    searchers.maybeRefreshBlocking();
  }

  private ReentrantLock lockFor(String id) {
    return idLocks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
  }

  private static List<Document> toDocuments(TrackDocument track) {
    List<Document> docs = new ArrayList<>(track.segments().size() + 1);
    Document doc = new Document();
    doc.add(new StringField(KIND, KIND_TRACK, Field.Store.NO));
    doc.add(new StringField(ID, track.id(), Field.Store.YES));
    doc.add(new SortedDocValuesField(ID_SORT, new BytesRef(track.id())));
    doc.add(new StringField(BUNDLE, track.bundleId(), Field.Store.YES));
    TrackMetadata m = track.metadata();
    if (m.title() != null) {
      doc.add(new StoredField(TITLE, m.title()));
    }
    if (m.artist() != null) {
      doc.add(new StringField(ARTIST, m.artist(), Field.Store.YES));
    }
    for (String tag : m.tags()) {
      doc.add(new StringField(TAG, tag, Field.Store.YES));
    }
    m.attributes().forEach((key, value) ->
        doc.add(new StringField(ATTRIBUTE, key + ATTRIBUTE_SEPARATOR + value, Field.Store.YES)));
    doc.add(new StoredField(SHA256, track.contentSha256()));
    doc.add(new StoredField(DURATION, track.durationSeconds()));
    doc.add(new StoredField(ADDED_AT, track.addedAt().toEpochMilli()));
    doc.add(new StoredField(SEGMENT_COUNT, track.segments().size()));
    doc.add(new KnnFloatVectorField(trackVectorField(track.bundleId()), track.embedding(), VectorSimilarityFunction.DOT_PRODUCT));
    docs.add(doc);
    for (SegmentVector segment : track.segments()) {
      Document seg = new Document();
      seg.add(new StringField(KIND, KIND_SEGMENT, Field.Store.NO));
      seg.add(new StringField(ID, track.id(), Field.Store.YES));
      seg.add(new StringField(BUNDLE, track.bundleId(), Field.Store.NO));
      seg.add(new StoredField(START, segment.startSeconds()));
      seg.add(new StoredField(END, segment.endSeconds()));
      seg.add(new KnnFloatVectorField(segmentVectorField(track.bundleId()), segment.vector(), VectorSimilarityFunction.DOT_PRODUCT));
      docs.add(seg);
    }
    return docs;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Optional<TrackInfo> get(String id) {
    return withSearcher(searcher -> {
      int doc = trackDoc(searcher, id);
      return doc < 0 ? Optional.empty() : Optional.of(readInfo(searcher.storedFields(), doc));
    });
  }

  @Override
  public Optional<TrackDocument> getDocument(String id) {
    return withSearcher(searcher -> {
      int doc = trackDoc(searcher, id);
      if (doc < 0) {
        return Optional.empty();
      }
      StoredFields stored = searcher.storedFields();
      TrackInfo info = readInfo(stored, doc);
      float[] embedding = readVector(searcher, doc, trackVectorField(info.bundleId()));
      Query segmentsOfTrack = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(KIND, KIND_SEGMENT)), Occur.FILTER)
          .add(new TermQuery(new Term(ID, id)), Occur.FILTER)
          .build();
      TopDocs segmentDocs = searcher.search(segmentsOfTrack, Math.max(1, info.segmentCount()));
      List<SegmentVector> segments = new ArrayList<>();
      for (ScoreDoc sd : segmentDocs.scoreDocs) {
        Document d = stored.document(sd.doc);
        segments.add(new SegmentVector(
            d.getField(START).numericValue().doubleValue(),
            d.getField(END).numericValue().doubleValue(),
            readVector(searcher, sd.doc, segmentVectorField(info.bundleId()))));
      }
      segments.sort(Comparator.comparingDouble(SegmentVector::startSeconds));
      return Optional.of(new TrackDocument(info.id(), info.metadata(), info.contentSha256(), info.durationSeconds(),
          info.bundleId(), embedding, segments, info.addedAt()));
    });
  }

  @Override
  public TrackPage list(int limit, String cursor) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in 1..1000, got " + limit);
    }
    String after = cursor == null ? null : decodeCursor(cursor);
    return withSearcher(searcher -> {
      BooleanQuery.Builder query = new BooleanQuery.Builder().add(new TermQuery(new Term(KIND, KIND_TRACK)), Occur.FILTER);
      if (after != null) {
        query.add(TermRangeQuery.newStringRange(ID, after, null, false, false), Occur.FILTER);
      }
      // One extra hit tells whether another page follows.
      TopDocs top = searcher.search(query.build(), limit + 1, new Sort(new SortField(ID_SORT, SortField.Type.STRING)));
      StoredFields stored = searcher.storedFields();
      List<TrackInfo> tracks = new ArrayList<>();
      for (int i = 0; i < Math.min(limit, top.scoreDocs.length); i++) {
        tracks.add(readInfo(stored, top.scoreDocs[i].doc));
      }
      String next = top.scoreDocs.length > limit ? encodeCursor(tracks.getLast().id()) : null;
      return new TrackPage(tracks, next);
    });
  }

  private static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("after:" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith("after:") && TrackIds.isValid(decoded.substring(6))) {
        return decoded.substring(6);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the uniform message below
    }
    throw new IllegalArgumentException("malformed cursor");
  }

  @Override
  public long count() {
    return withSearcher(searcher -> (long) searcher.count(new TermQuery(new Term(KIND, KIND_TRACK))));
  }

  @Override
  public List<String> idsNotInBundle(String bundleId, String afterId, int limit) {
    return withSearcher(searcher -> {
      BooleanQuery.Builder query = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(KIND, KIND_TRACK)), Occur.FILTER)
          .add(new TermQuery(new Term(BUNDLE, bundleId)), Occur.MUST_NOT);
      if (afterId != null) {
        query.add(TermRangeQuery.newStringRange(ID, afterId, null, false, false), Occur.FILTER);
      }
      TopDocs top = searcher.search(query.build(), limit, new Sort(new SortField(ID_SORT, SortField.Type.STRING)));
      StoredFields stored = searcher.storedFields();
      List<String> ids = new ArrayList<>();
      for (ScoreDoc sd : top.scoreDocs) {
        ids.add(stored.document(sd.doc).get(ID));
      }
      return ids;
    });
  }

  @Override
  public List<TrackHit> search(VectorQuery query) {
    return search(query, settings.searchCandidates());
  }

  /** Search exploring {@code searchCandidates} graph candidates (efSearch) instead of the configured number. */
  public List<TrackHit> search(VectorQuery query, int searchCandidates) {
    return withSearcher(searcher -> {
      Query filter = luceneFilter(query);
      int candidates = Math.max(query.topK(), searchCandidates);
      TopDocs top = searcher.search(
          new KnnFloatVectorQuery(trackVectorField(query.bundleId()), query.vector(), candidates, filter), candidates);
      StoredFields stored = searcher.storedFields();
      LinkedHashMap<String, TrackHit> hits = new LinkedHashMap<>();
      for (int i = 0; i < Math.min(query.topK(), top.scoreDocs.length); i++) {
        ScoreDoc sd = top.scoreDocs[i];
        TrackInfo info = readInfo(stored, sd.doc);
        hits.put(info.id(), new TrackHit(info, cosineFromScore(sd.score), List.of()));
      }
      if (query.segmentsPerTrack() > 0 && !hits.isEmpty()) {
        addSegmentHits(searcher, query, hits);
      }
      return List.copyOf(hits.values());
    });
  }

  /** Lucene scores DOT_PRODUCT as (1 + dot) / 2; the API reports the cosine itself. */
  private static float cosineFromScore(float score) {
    return 2 * score - 1;
  }

  private static Query luceneFilter(VectorQuery query) {
    TrackFilter f = query.filter();
    if (f.isEmpty()) {
      return null; // only track documents carry the track vector field: nothing to filter
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(new TermQuery(new Term(KIND, KIND_TRACK)), Occur.FILTER);
    for (String tag : f.tagsAll()) {
      b.add(new TermQuery(new Term(TAG, tag)), Occur.FILTER);
    }
    if (!f.tagsAny().isEmpty()) {
      b.add(new TermInSetQuery(TAG, f.tagsAny().stream().map(BytesRef::new).toList()), Occur.FILTER);
    }
    if (f.artist() != null) {
      b.add(new TermQuery(new Term(ARTIST, f.artist())), Occur.FILTER);
    }
    f.attributes().forEach((key, value) ->
        b.add(new TermQuery(new Term(ATTRIBUTE, key + ATTRIBUTE_SEPARATOR + value)), Occur.FILTER));
    if (!f.excludeIds().isEmpty()) {
      b.add(new TermInSetQuery(ID, f.excludeIds().stream().map(BytesRef::new).toList()), Occur.MUST_NOT);
    }
    return b.build();
  }

  /**
   * Scores every segment of the hit tracks against the query. The filter selects at most k
   * documents, so Lucene scores them exactly instead of walking the graph.
   */
  private static void addSegmentHits(IndexSearcher searcher, VectorQuery query, LinkedHashMap<String, TrackHit> hits)
      throws IOException {
    int total = hits.values().stream().mapToInt(h -> h.track().segmentCount()).sum();
    if (total == 0) {
      return;
    }
    Query filter = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(KIND, KIND_SEGMENT)), Occur.FILTER)
        .add(new TermInSetQuery(ID, hits.keySet().stream().map(BytesRef::new).toList()), Occur.FILTER)
        .build();
    TopDocs top = searcher.search(new KnnFloatVectorQuery(segmentVectorField(query.bundleId()), query.vector(), total, filter), total);
    StoredFields stored = searcher.storedFields();
    Map<String, List<TrackHit.SegmentHit>> byTrack = new HashMap<>();
    for (ScoreDoc sd : top.scoreDocs) {
      Document d = stored.document(sd.doc);
      List<TrackHit.SegmentHit> list = byTrack.computeIfAbsent(d.get(ID), k -> new ArrayList<>());
      if (list.size() < query.segmentsPerTrack()) {
        list.add(new TrackHit.SegmentHit(
            d.getField(START).numericValue().doubleValue(), d.getField(END).numericValue().doubleValue(), cosineFromScore(sd.score)));
      }
    }
    hits.replaceAll((id, hit) -> new TrackHit(hit.track(), hit.score(), List.copyOf(byTrack.getOrDefault(id, List.of()))));
  }

  private static int trackDoc(IndexSearcher searcher, String id) throws IOException {
    if (!TrackIds.isValid(id)) {
      return -1;
    }
    Query query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(KIND, KIND_TRACK)), Occur.FILTER)
        .add(new TermQuery(new Term(ID, id)), Occur.FILTER)
        .build();
    TopDocs top = searcher.search(query, 1);
    return top.scoreDocs.length == 0 ? -1 : top.scoreDocs[0].doc;
  }

  private static TrackInfo readInfo(StoredFields stored, int doc) throws IOException {
    Document d = stored.document(doc);
    List<String> tags = new ArrayList<>();
    for (IndexableField f : d.getFields(TAG)) {
      tags.add(f.stringValue());
    }
    Map<String, String> attributes = new HashMap<>();
    for (IndexableField f : d.getFields(ATTRIBUTE)) {
      String kv = f.stringValue();
      int sep = kv.indexOf(ATTRIBUTE_SEPARATOR);
      attributes.put(kv.substring(0, sep), kv.substring(sep + 1));
    }
    return new TrackInfo(
        d.get(ID),
        new TrackMetadata(d.get(TITLE), d.get(ARTIST), tags, attributes),
        d.get(SHA256),
        d.getField(DURATION).numericValue().doubleValue(),
        d.get(BUNDLE),
        d.getField(SEGMENT_COUNT).numericValue().intValue(),
        Instant.ofEpochMilli(d.getField(ADDED_AT).numericValue().longValue()));
  }

  /** Reads a document's vector back from the vector values of its segment (no stored copy). */
  private static float[] readVector(IndexSearcher searcher, int doc, String field) throws IOException {
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    FloatVectorValues values = leaf.reader().getFloatVectorValues(field);
    int local = doc - leaf.docBase;
    if (values != null) {
      KnnVectorValues.DocIndexIterator it = values.iterator();
      if (it.advance(local) == local) {
        return values.vectorValue(it.index()).clone();
      }
    }
    throw new IllegalStateException("document " + doc + " has no vector in " + field);
  }

  // ---------------------------------------------------------------- plumbing

  private interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private <T> T withSearcher(SearcherFunction<T> fn) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return fn.apply(searcher);
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Merges the index down to few segments: fewer, larger HNSW graphs make searches faster. */
  public void forceMerge(int maxSegments) {
    try {
      writer.forceMerge(maxSegments);
      makeDurableAndVisible(writer.commit());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Number of index segments (for benchmarks and diagnostics). */
  public int segmentCount() {
    return withSearcher(searcher -> searcher.getIndexReader().leaves().size());
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close(); // commits pending changes; acknowledged ones are committed already
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
