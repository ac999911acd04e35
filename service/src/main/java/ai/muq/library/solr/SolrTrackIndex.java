package ai.muq.library.solr;

import ai.muq.library.LibraryUnavailableException;
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
import java.nio.charset.StandardCharsets;
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
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.response.UpdateResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * {@link TrackIndex} on a SolrCloud collection, spoken to only through SolrJ.
 *
 * <p>Layout (see the shipped schema.xml): one root document per track with metadata and its vector
 * in {@code vector_<dim>}; its segments are nested child documents with {@code start}, {@code end}
 * and {@code segment_vector_<dim>}. Re-adding a track replaces the whole block; deleting the root
 * deletes its children. Searches are Solr {@code knn} queries with the bundle and the metadata
 * filters as pre-filters, each shard collecting {@code max(top_k, knnTopK)} HNSW candidates.
 *
 * <p>Acknowledgement: a write returns after Solr answered the update with a soft commit
 * ({@code softCommit=true&waitSearcher=true}): by then the leader and every active replica of the
 * touched shards have appended it to their transaction log and fsynced it (the configset's
 * {@code syncLevel=FSYNC}), so it survives a crash of any Solr node that acknowledged it and is
 * replayed on restart, and a new searcher shows it to every later read. When fewer than
 * {@code minReplicationFactor} replicas confirm it, or Solr is unreachable, the write ends with
 * {@link LibraryUnavailableException}; it may have been applied partly, and re-sending is safe.
 */
public final class SolrTrackIndex implements TrackIndex {

  static final String TYPE = "doc_type";
  static final String TYPE_TRACK = "track";
  static final String TYPE_SEGMENT = "segment";
  static final String SEGMENTS = "segments";
  private static final String INFO_FIELDS =
      "id,title,artist,tags,attr_keys,attr_values,content_sha256,duration,bundle_id,added_at,segment_count,dim";
  private static final char ATTR_SEPARATOR = '\u001f';
  private static final int MAX_CONFLICT_RETRIES = 20;
  private static final int READ_ATTEMPTS = 3;
  private static final java.time.Duration READ_RETRY_PAUSE = java.time.Duration.ofMillis(300);

  private final CloudSolrClient client;
  private final SolrLibrarySettings settings;
  private final SolrConfigSet configSet;

  private SolrTrackIndex(CloudSolrClient client, SolrLibrarySettings settings, SolrConfigSet configSet) {
    this.client = client;
    this.settings = settings;
    this.configSet = configSet;
  }

  /**
   * Connects to the cluster and creates or validates the collection.
   *
   * @throws LibraryUnavailableException when the cluster cannot be reached
   * @throws SolrSchemaMismatchException when the collection exists with another schema
   */
  public static SolrTrackIndex open(SolrLibrarySettings settings) {
    SolrConfigSet configSet = SolrConfigSet.load();
    CloudSolrClient client = JdkCloudSolrClient.connect(
        settings.zkHosts(), settings.zkChroot(), settings.baseUrls(), settings.requestTimeout(), settings.retryAfter(),
        settings.basicAuth());
    try {
      SolrCollectionBootstrap.ensure(client, settings, configSet);
    } catch (SolrSchemaMismatchException e) {
      closeQuietly(client);
      throw e;
    } catch (Exception e) {
      closeQuietly(client);
      throw unavailable("cannot create or check Solr collection " + settings.collection(), e, settings);
    }
    return new SolrTrackIndex(client, settings, configSet);
  }

  @Override
  public void upsert(TrackDocument track) {
    upsertAll(List.of(track));
  }

  @Override
  public void upsertAll(Collection<TrackDocument> tracks) {
    List<SolrInputDocument> docs = new ArrayList<>(tracks.size());
    for (TrackDocument track : tracks) {
      docs.add(toSolr(track));
    }
    if (docs.size() <= settings.batchSize()) {
      UpdateRequest request = new UpdateRequest();
      request.add(docs);
      write(request, true);
      return;
    }
    // Each batch is durable in the replicas' transaction logs when its request returns; one soft
    // commit at the end makes them all visible (a commit per batch would make many tiny segments
    // whose HNSW graphs are later rebuilt by merges).
    for (int from = 0; from < docs.size(); from += settings.batchSize()) {
      UpdateRequest request = new UpdateRequest();
      request.add(docs.subList(from, Math.min(docs.size(), from + settings.batchSize())));
      write(request, false);
    }
    write(new UpdateRequest(), true);
  }

  @Override
  public Optional<TrackInfo> get(String id) {
    if (!TrackIds.isValid(id)) {
      return Optional.empty();
    }
    SolrDocumentList docs = query(byId(id, INFO_FIELDS)).getResults();
    return docs.isEmpty() ? Optional.empty() : Optional.of(toInfo(docs.getFirst()));
  }

  @Override
  public Optional<TrackDocument> getDocument(String id) {
    if (!TrackIds.isValid(id)) {
      return Optional.empty();
    }
    SolrDocumentList docs = query(byId(id, "*,_version_,[child limit=-1]")).getResults();
    return docs.isEmpty() ? Optional.empty() : Optional.of(toDocument(docs.getFirst()));
  }

  @Override
  public TrackPage list(int limit, String cursor) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in 1..1000, got " + limit);
    }
    ModifiableSolrParams params = tracks(INFO_FIELDS);
    if (cursor != null) {
      params.add("fq", "id:{" + org.apache.solr.client.solrj.util.ClientUtils.escapeQueryChars(decodeCursor(cursor)) + " TO *]");
    }
    params.set("sort", "id asc");
    params.set("rows", limit + 1);
    SolrDocumentList docs = query(params).getResults();
    List<TrackInfo> page = docs.stream().limit(limit).map(SolrTrackIndex::toInfo).toList();
    String next = docs.size() > limit ? encodeCursor(page.getLast().id()) : null;
    return new TrackPage(page, next);
  }

  @Override
  public Optional<TrackInfo> patch(String id, MetadataPatch patch) {
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      if (!TrackIds.isValid(id)) {
        return Optional.empty();
      }
      SolrDocumentList docs = query(byId(id, "*,_version_,[child limit=-1]")).getResults();
      if (docs.isEmpty()) {
        return Optional.empty();
      }
      SolrDocument stored = docs.getFirst();
      TrackDocument updated = toDocument(stored);
      updated = updated.withMetadata(updated.metadata().apply(patch));
      SolrInputDocument doc = toSolr(updated);
      // Optimistic concurrency: the replacement only applies on top of the version read above.
      doc.setField("_version_", stored.getFieldValue("_version_"));
      UpdateRequest request = new UpdateRequest();
      request.add(doc);
      try {
        write(request, true);
        return Optional.of(updated.info());
      } catch (VersionConflict conflict) {
        // someone else changed the track meanwhile: read again and re-apply the patch
      }
    }
    throw unavailable("track " + id + " kept changing while being patched", null, settings);
  }

  @Override
  public boolean delete(String id) {
    if (!TrackIds.isValid(id)) {
      return false;
    }
    UpdateRequest request = new UpdateRequest();
    // version 1 = "must exist": Solr answers 409 for a missing track, so existence and delete are one step
    request.deleteById(id, 1L);
    try {
      write(request, true);
      return true;
    } catch (VersionConflict missing) {
      return false;
    }
  }

  @Override
  public List<TrackHit> search(VectorQuery query) {
    int dim = query.vector().length;
    if (!configSet.vectorDimensions().contains(dim)) {
      return List.of(); // nothing of this dimension can have been stored
    }
    ModifiableSolrParams params = new ModifiableSolrParams();
    int candidates = Math.max(query.topK(), settings.knnTopK());
    params.set("q", "{!knn f=vector_" + dim + " topK=" + candidates + "}" + vectorLiteral(query.vector()));
    params.add("fq", "{!term f=bundle_id}" + query.bundleId());
    addFilters(params, query.filter());
    params.set("fl", INFO_FIELDS + ",score");
    params.set("rows", query.topK());
    SolrDocumentList docs = query(params).getResults();

    List<TrackHit> hits = new ArrayList<>(docs.size());
    Map<String, List<TrackHit.SegmentHit>> segments =
        query.segmentsPerTrack() > 0 ? bestSegments(docs, query) : Map.of();
    for (SolrDocument doc : docs) {
      // Solr's dot_product score is (1 + cos) / 2
      float score = 2 * ((Number) doc.getFieldValue("score")).floatValue() - 1;
      TrackInfo info = toInfo(doc);
      hits.add(new TrackHit(info, score, segments.getOrDefault(info.id(), List.of())));
    }
    return hits;
  }

  @Override
  public long count() {
    ModifiableSolrParams params = tracks("id");
    params.set("rows", 0);
    return query(params).getResults().getNumFound();
  }

  @Override
  public List<String> idsNotInBundle(String bundleId, String afterId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
    ModifiableSolrParams params = tracks("id");
    if (afterId != null) {
      params.add("fq", "id:{" + org.apache.solr.client.solrj.util.ClientUtils.escapeQueryChars(TrackIds.requireValid(afterId)) + " TO *]");
    }
    params.add("fq", "{!bool must=$all must_not=$bundle}");
    params.set("all", "*:*");
    params.set("bundle", "{!term f=bundle_id}" + bundleId);
    params.set("sort", "id asc");
    params.set("rows", limit);
    return query(params).getResults().stream().map(d -> (String) d.getFieldValue("id")).toList();
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  /** The collection this index writes to. */
  public String collection() {
    return settings.collection();
  }

  // ---------------------------------------------------------------- requests and error mapping

  /** Sends an update; with {@code commit}, also a soft commit that makes it (and earlier ones) visible. */
  private void write(UpdateRequest request, boolean commit) {
    if (commit) {
      request.setParam("softCommit", "true");
      request.setParam("commit", "true");
      request.setParam("waitSearcher", "true");
      request.setParam("openSearcher", "true");
    }
    if (settings.minReplicationFactor() > 1) {
      request.setParam("min_rf", Integer.toString(settings.minReplicationFactor()));
    }
    UpdateResponse response;
    try {
      response = request.process(client, settings.collection());
    } catch (Exception e) {
      if (isVersionConflict(e)) {
        throw new VersionConflict();
      }
      throw unavailableOrBug("Solr rejected or did not acknowledge the write", e);
    }
    if (settings.minReplicationFactor() > 1 && (request.getDocuments() != null || request.getDeleteById() != null)) {
      int achieved = client.getMinAchievedReplicationFactor(settings.collection(), response.getResponse());
      if (achieved >= 0 && achieved < settings.minReplicationFactor()) {
        throw unavailable("the write reached only " + achieved + " replica(s) of a shard, "
            + settings.minReplicationFactor() + " required", null, settings);
      }
    }
  }

  /**
   * Runs a read. Reads are idempotent, so one that fails because a node went away mid-request (the
   * cluster state has not caught up yet) is retried on the remaining replicas before giving up.
   */
  private QueryResponse query(ModifiableSolrParams params) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      try {
        return new QueryRequest(params, SolrRequest.METHOD.POST).process(client, settings.collection());
      } catch (Exception e) {
        last = unavailableOrBug("Solr query failed", e);
        if (!(last instanceof LibraryUnavailableException)) {
          throw last;
        }
        sleep(READ_RETRY_PAUSE.multipliedBy(attempt + 1));
      }
    }
    throw last;
  }

  private static void sleep(java.time.Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibraryUnavailableException("interrupted", java.time.Duration.ZERO, e);
    }
  }

  private static boolean isVersionConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SolrException se && se.code() == SolrException.ErrorCode.CONFLICT.code) {
        return true;
      }
    }
    return false;
  }

  private RuntimeException unavailableOrBug(String what, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SolrException se && se.code() >= 400 && se.code() < 500) {
        // a request Solr considers malformed is a bug here, not an outage
        return new IllegalStateException(what + ": " + se.getMessage(), e);
      }
    }
    return unavailable(what, e, settings);
  }

  private static LibraryUnavailableException unavailable(String what, Throwable cause, SolrLibrarySettings settings) {
    String detail = cause == null ? "" : ": " + rootMessage(cause);
    return new LibraryUnavailableException(what + detail, settings.retryAfter(), cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
  }

  private static void closeQuietly(CloudSolrClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // shutting down
    }
  }

  /** Solr answered 409: optimistic-concurrency conflict (patch) or missing document (delete). */
  private static final class VersionConflict extends RuntimeException {
    VersionConflict() {
      super(null, null, false, false);
    }
  }

  // ---------------------------------------------------------------- query building

  private static ModifiableSolrParams tracks(String fields) {
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", "{!term f=" + TYPE + "}" + TYPE_TRACK);
    params.set("fl", fields);
    return params;
  }

  private static ModifiableSolrParams byId(String id, String fields) {
    ModifiableSolrParams params = tracks(fields);
    params.add("fq", "{!term f=id}" + id);
    params.set("rows", 1);
    return params;
  }

  /** The filter as Solr pre-filters; term queries take values verbatim, so no escaping is needed. */
  private static void addFilters(ModifiableSolrParams params, TrackFilter filter) {
    for (String tag : filter.tagsAll()) {
      params.add("fq", "{!term f=tags}" + tag);
    }
    if (!filter.tagsAny().isEmpty()) {
      StringBuilder any = new StringBuilder("{!bool");
      for (int i = 0; i < filter.tagsAny().size(); i++) {
        params.set("tag_any_" + i, "{!term f=tags}" + filter.tagsAny().get(i));
        any.append(" should=$tag_any_").append(i);
      }
      params.add("fq", any.append('}').toString());
    }
    if (filter.artist() != null) {
      params.add("fq", "{!term f=artist}" + filter.artist());
    }
    filter.attributes().forEach((key, value) -> params.add("fq", "{!term f=attr}" + key + ATTR_SEPARATOR + value));
    if (!filter.excludeIds().isEmpty()) {
      // ids cannot contain commas (TrackIds), so the terms parser's default separator is safe
      params.add("fq", "{!bool must=$all must_not=$excluded}");
      params.set("all", "*:*");
      params.set("excluded", "{!terms f=id}" + String.join(",", filter.excludeIds()));
    }
  }

  /** Exact segment scores of the hit tracks' segments, computed here from the stored vectors. */
  private Map<String, List<TrackHit.SegmentHit>> bestSegments(SolrDocumentList hits, VectorQuery query) {
    int total = hits.stream().mapToInt(d -> ((Number) d.getFieldValue("segment_count")).intValue()).sum();
    if (total == 0) {
      return Map.of();
    }
    String vectorField = "segment_vector_" + query.vector().length;
    ModifiableSolrParams params = new ModifiableSolrParams();
    params.set("q", "{!terms f=_root_}" + hits.stream().map(d -> (String) d.getFieldValue("id")).collect(Collectors.joining(",")));
    params.add("fq", "{!term f=" + TYPE + "}" + TYPE_SEGMENT);
    params.set("fl", "id,start,end," + vectorField);
    params.set("rows", total);
    Map<String, List<TrackHit.SegmentHit>> byTrack = new HashMap<>();
    for (SolrDocument doc : query(params).getResults()) {
      String segmentId = (String) doc.getFieldValue("id");
      String trackId = segmentId.substring(0, segmentId.indexOf('/'));
      float score = Vectors.dot(floats(doc.getFieldValues(vectorField)), query.vector());
      byTrack.computeIfAbsent(trackId, k -> new ArrayList<>()).add(new TrackHit.SegmentHit(
          ((Number) doc.getFieldValue("start")).doubleValue(), ((Number) doc.getFieldValue("end")).doubleValue(), score));
    }
    Map<String, List<TrackHit.SegmentHit>> best = new HashMap<>();
    byTrack.forEach((track, segs) -> best.put(track, segs.stream()
        .sorted(Comparator.comparingDouble((TrackHit.SegmentHit s) -> -s.score()).thenComparingDouble(TrackHit.SegmentHit::startSeconds))
        .limit(query.segmentsPerTrack())
        .toList()));
    return best;
  }

  private static String vectorLiteral(float[] vector) {
    StringBuilder literal = new StringBuilder(vector.length * 12).append('[');
    for (int i = 0; i < vector.length; i++) {
      if (i > 0) {
        literal.append(',');
      }
      literal.append(vector[i]);
    }
    return literal.append(']').toString();
  }

  // ---------------------------------------------------------------- mapping

  private SolrInputDocument toSolr(TrackDocument track) {
    int dim = track.embedding().length;
    if (!configSet.vectorDimensions().contains(dim)) {
      throw new IllegalArgumentException("the Solr library stores embeddings of dimension "
          + configSet.vectorDimensions() + ", not " + dim);
    }
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", track.id());
    doc.setField(TYPE, TYPE_TRACK);
    TrackMetadata m = track.metadata();
    if (m.title() != null) {
      doc.setField("title", m.title());
    }
    if (m.artist() != null) {
      doc.setField("artist", m.artist());
    }
    if (!m.tags().isEmpty()) {
      doc.setField("tags", new ArrayList<>(m.tags()));
    }
    if (!m.attributes().isEmpty()) {
      doc.setField("attr_keys", new ArrayList<>(m.attributes().keySet()));
      doc.setField("attr_values", new ArrayList<>(m.attributes().values()));
      doc.setField("attr", m.attributes().entrySet().stream().map(e -> e.getKey() + ATTR_SEPARATOR + e.getValue()).toList());
    }
    doc.setField("content_sha256", track.contentSha256());
    doc.setField("duration", track.durationSeconds());
    doc.setField("bundle_id", track.bundleId());
    doc.setField("added_at", track.addedAt().toString());
    doc.setField("segment_count", track.segments().size());
    doc.setField("dim", dim);
    doc.setField("vector_" + dim, floatList(track.embedding()));
    if (!track.segments().isEmpty()) {
      List<SolrInputDocument> children = new ArrayList<>(track.segments().size());
      for (int i = 0; i < track.segments().size(); i++) {
        SegmentVector segment = track.segments().get(i);
        SolrInputDocument child = new SolrInputDocument();
        child.setField("id", track.id() + "/seg/" + i);
        child.setField(TYPE, TYPE_SEGMENT);
        child.setField("seq", i);
        child.setField("start", segment.startSeconds());
        child.setField("end", segment.endSeconds());
        child.setField("segment_vector_" + dim, floatList(segment.vector()));
        children.add(child);
      }
      doc.setField(SEGMENTS, children);
    }
    return doc;
  }

  private static TrackInfo toInfo(SolrDocument doc) {
    List<String> keys = strings(doc.getFieldValues("attr_keys"));
    List<String> values = strings(doc.getFieldValues("attr_values"));
    Map<String, String> attributes = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      attributes.put(keys.get(i), values.get(i));
    }
    TrackMetadata metadata = new TrackMetadata(
        (String) doc.getFieldValue("title"), (String) doc.getFieldValue("artist"), strings(doc.getFieldValues("tags")), attributes);
    return new TrackInfo(
        (String) doc.getFieldValue("id"),
        metadata,
        (String) doc.getFieldValue("content_sha256"),
        ((Number) doc.getFieldValue("duration")).doubleValue(),
        (String) doc.getFieldValue("bundle_id"),
        ((Number) doc.getFieldValue("segment_count")).intValue(),
        Instant.parse((String) doc.getFieldValue("added_at")));
  }

  private static TrackDocument toDocument(SolrDocument doc) {
    TrackInfo info = toInfo(doc);
    int dim = ((Number) doc.getFieldValue("dim")).intValue();
    List<SolrDocument> children = new ArrayList<>();
    Object nested = doc.getFieldValue(SEGMENTS);
    if (nested instanceof SolrDocument single) {
      children.add(single);
    } else if (nested instanceof Collection<?> many) {
      many.forEach(c -> children.add((SolrDocument) c));
    }
    if (doc.getChildDocuments() != null) {
      children.addAll(doc.getChildDocuments());
    }
    children.sort(Comparator.comparingInt(c -> ((Number) c.getFieldValue("seq")).intValue()));
    List<SegmentVector> segments = children.stream()
        .map(c -> new SegmentVector(
            ((Number) c.getFieldValue("start")).doubleValue(),
            ((Number) c.getFieldValue("end")).doubleValue(),
            floats(c.getFieldValues("segment_vector_" + dim))))
        .toList();
    return new TrackDocument(info.id(), info.metadata(), info.contentSha256(), info.durationSeconds(), info.bundleId(),
        floats(doc.getFieldValues("vector_" + dim)), segments, info.addedAt());
  }

  private static List<Float> floatList(float[] vector) {
    List<Float> list = new ArrayList<>(vector.length);
    for (float x : vector) {
      list.add(x);
    }
    return list;
  }

  private static float[] floats(Collection<Object> values) {
    if (values == null) {
      throw new IllegalStateException("stored vector missing from Solr document");
    }
    float[] out = new float[values.size()];
    int i = 0;
    for (Object value : values) {
      out[i++] = ((Number) value).floatValue();
    }
    return out;
  }

  private static List<String> strings(Collection<Object> values) {
    return values == null ? List.of() : values.stream().map(String.class::cast).toList();
  }

  private static String encodeCursor(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  private static String decodeCursor(String cursor) {
    String id;
    try {
      id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
    if (!TrackIds.isValid(id)) {
      throw new IllegalArgumentException("malformed cursor");
    }
    return id;
  }
}
