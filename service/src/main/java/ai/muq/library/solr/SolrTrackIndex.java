package ai.muq.library.solr;

import ai.muq.library.LibraryUnavailableException;
import ai.muq.library.MetadataPatch;
import ai.muq.library.TrackDocument;
import ai.muq.library.TrackFilter;
import ai.muq.library.TrackHit;
import ai.muq.library.TrackIds;
import ai.muq.library.TrackIndex;
import ai.muq.library.TrackInfo;
import ai.muq.library.TrackPage;
import ai.muq.library.VectorQuery;
import ai.muq.library.Vectors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
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
 *
 * <p>Document mapping is {@link SolrDocuments}, the retry and error policy {@link SolrRequests}, page
 * cursors {@link SolrCursors}.
 */
public final class SolrTrackIndex implements TrackIndex {

  static final String TYPE = "doc_type";
  static final String TYPE_TRACK = "track";
  static final String TYPE_SEGMENT = "segment";
  static final String SEGMENTS = "segments";
  private static final int MAX_CONFLICT_RETRIES = 20;

  private final CloudSolrClient client;
  private final SolrLibrarySettings settings;
  private final SolrConfigSet configSet;
  private final SolrRequests requests;

  private SolrTrackIndex(CloudSolrClient client, SolrLibrarySettings settings, SolrConfigSet configSet) {
    this.client = client;
    this.settings = settings;
    this.configSet = configSet;
    this.requests = new SolrRequests(client, settings);
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
      throw SolrRequests.unavailable("cannot create or check Solr collection " + settings.collection(), e, settings);
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
      docs.add(SolrDocuments.toSolr(track, configSet.vectorDimensions()));
    }
    if (docs.size() <= settings.batchSize()) {
      UpdateRequest request = new UpdateRequest();
      request.add(docs);
      requests.write(request, true);
      return;
    }
    // Each batch is durable in the replicas' transaction logs when its request returns; one soft
    // commit at the end makes them all visible (a commit per batch would make many tiny segments
    // whose HNSW graphs are later rebuilt by merges).
    for (int from = 0; from < docs.size(); from += settings.batchSize()) {
      UpdateRequest request = new UpdateRequest();
      request.add(docs.subList(from, Math.min(docs.size(), from + settings.batchSize())));
      requests.write(request, false);
    }
    requests.write(new UpdateRequest(), true);
  }

  @Override
  public Optional<TrackInfo> get(String id) {
    if (!TrackIds.isValid(id)) {
      return Optional.empty();
    }
    SolrDocumentList docs = requests.query(byId(id, SolrDocuments.INFO_FIELDS)).getResults();
    return docs.isEmpty() ? Optional.empty() : Optional.of(SolrDocuments.toInfo(docs.getFirst()));
  }

  @Override
  public Optional<TrackDocument> getDocument(String id) {
    if (!TrackIds.isValid(id)) {
      return Optional.empty();
    }
    SolrDocumentList docs = requests.query(byId(id, "*,_version_,[child limit=-1]")).getResults();
    return docs.isEmpty() ? Optional.empty() : Optional.of(SolrDocuments.toDocument(docs.getFirst()));
  }

  @Override
  public TrackPage list(int limit, String cursor) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be in 1..1000, got " + limit);
    }
    ModifiableSolrParams params = tracks(SolrDocuments.INFO_FIELDS);
    if (cursor != null) {
      params.add("fq", "id:{" + org.apache.solr.client.solrj.util.ClientUtils.escapeQueryChars(SolrCursors.decode(cursor)) + " TO *]");
    }
    params.set("sort", "id asc");
    params.set("rows", limit + 1);
    SolrDocumentList docs = requests.query(params).getResults();
    List<TrackInfo> page = docs.stream().limit(limit).map(SolrDocuments::toInfo).toList();
    String next = docs.size() > limit ? SolrCursors.encode(page.getLast().id()) : null;
    return new TrackPage(page, next);
  }

  @Override
  public Optional<TrackInfo> patch(String id, MetadataPatch patch) {
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      if (!TrackIds.isValid(id)) {
        return Optional.empty();
      }
      SolrDocumentList docs = requests.query(byId(id, "*,_version_,[child limit=-1]")).getResults();
      if (docs.isEmpty()) {
        return Optional.empty();
      }
      SolrDocument stored = docs.getFirst();
      TrackDocument updated = SolrDocuments.toDocument(stored);
      updated = updated.withMetadata(updated.metadata().apply(patch));
      SolrInputDocument doc = SolrDocuments.toSolr(updated, configSet.vectorDimensions());
      // Optimistic concurrency: the replacement only applies on top of the version read above.
      doc.setField("_version_", stored.getFieldValue("_version_"));
      UpdateRequest request = new UpdateRequest();
      request.add(doc);
      try {
        requests.write(request, true);
        return Optional.of(updated.info());
      } catch (SolrRequests.VersionConflict conflict) {
        // someone else changed the track meanwhile: read again and re-apply the patch
      }
    }
    throw SolrRequests.unavailable("track " + id + " kept changing while being patched", null, settings);
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
      requests.write(request, true);
      return true;
    } catch (SolrRequests.VersionConflict missing) {
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
    params.set("fl", SolrDocuments.INFO_FIELDS + ",score");
    params.set("rows", query.topK());
    SolrDocumentList docs = requests.query(params).getResults();

    List<TrackHit> hits = new ArrayList<>(docs.size());
    Map<String, List<TrackHit.SegmentHit>> segments =
        query.segmentsPerTrack() > 0 ? bestSegments(docs, query) : Map.of();
    for (SolrDocument doc : docs) {
      // Solr's dot_product score is (1 + cos) / 2
      float score = 2 * ((Number) doc.getFieldValue("score")).floatValue() - 1;
      TrackInfo info = SolrDocuments.toInfo(doc);
      hits.add(new TrackHit(info, score, segments.getOrDefault(info.id(), List.of())));
    }
    return hits;
  }

  @Override
  public long count() {
    ModifiableSolrParams params = tracks("id");
    params.set("rows", 0);
    return requests.query(params).getResults().getNumFound();
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
    return requests.query(params).getResults().stream().map(d -> (String) d.getFieldValue("id")).toList();
  }

  @Override
  public void close() {
    closeQuietly(client);
  }

  /** The collection this index writes to. */
  public String collection() {
    return settings.collection();
  }

  private static void closeQuietly(CloudSolrClient client) {
    try {
      client.close();
    } catch (IOException ignored) {
      // shutting down
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
    filter.attributes().forEach((key, value) -> params.add("fq", "{!term f=attr}" + key + SolrDocuments.ATTR_SEPARATOR + value));
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
    for (SolrDocument doc : requests.query(params).getResults()) {
      String segmentId = (String) doc.getFieldValue("id");
      String trackId = segmentId.substring(0, segmentId.indexOf('/'));
      float score = Vectors.dot(SolrDocuments.floats(doc.getFieldValues(vectorField)), query.vector());
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
}
