package ai.muq.library.solr;

import ai.muq.library.SegmentVector;
import ai.muq.library.TrackDocument;
import ai.muq.library.TrackInfo;
import ai.muq.library.TrackMetadata;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;

/**
 * Tracks to Solr documents and back (the layout of the shipped schema.xml): a root document per
 * track, its segments as nested children, attributes as parallel key/value lists.
 */
final class SolrDocuments {

  /** The stored fields {@link #toInfo} reads. */
  static final String INFO_FIELDS =
      "id,title,artist,tags,attr_keys,attr_values,content_sha256,duration,bundle_id,added_at,segment_count,dim";
  static final char ATTR_SEPARATOR = '\u001f';

  private SolrDocuments() {}

  static SolrInputDocument toSolr(TrackDocument track, java.util.Set<Integer> dimensions) {
    int dim = track.embedding().length;
    if (!dimensions.contains(dim)) {
      throw new IllegalArgumentException("the Solr library stores embeddings of dimension "
          + dimensions + ", not " + dim);
    }
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", track.id());
    doc.setField(SolrTrackIndex.TYPE, SolrTrackIndex.TYPE_TRACK);
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
        child.setField(SolrTrackIndex.TYPE, SolrTrackIndex.TYPE_SEGMENT);
        child.setField("seq", i);
        child.setField("start", segment.startSeconds());
        child.setField("end", segment.endSeconds());
        child.setField("segment_vector_" + dim, floatList(segment.vector()));
        children.add(child);
      }
      doc.setField(SolrTrackIndex.SEGMENTS, children);
    }
    return doc;
  }

  static TrackInfo toInfo(SolrDocument doc) {
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

  static TrackDocument toDocument(SolrDocument doc) {
    TrackInfo info = toInfo(doc);
    int dim = ((Number) doc.getFieldValue("dim")).intValue();
    List<SolrDocument> children = new ArrayList<>();
    Object nested = doc.getFieldValue(SolrTrackIndex.SEGMENTS);
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

  static float[] floats(Collection<Object> values) {
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
}
