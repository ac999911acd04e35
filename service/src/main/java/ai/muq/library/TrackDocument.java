package ai.muq.library;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything the index stores about one track: identity, metadata, provenance and vectors. All
 * vectors must have unit length (they are compared by dot product) and share one dimension.
 *
 * @param id track id, see {@link TrackIds}
 * @param metadata user metadata
 * @param contentSha256 lowercase hex SHA-256 of the original audio bytes
 * @param durationSeconds decoded duration
 * @param bundleId the model bundle whose embedder produced the vectors
 * @param embedding whole-track embedding
 * @param segments embeddings of consecutive spans (possibly empty)
 * @param addedAt when the track was first added (kept to the millisecond)
 */
public record TrackDocument(
    String id,
    TrackMetadata metadata,
    String contentSha256,
    double durationSeconds,
    String bundleId,
    float[] embedding,
    List<SegmentVector> segments,
    Instant addedAt) {

  public TrackDocument {
    TrackIds.requireValid(id);
    Objects.requireNonNull(metadata, "metadata");
    if (contentSha256 == null || !contentSha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("content_sha256 must be 64 lowercase hex digits");
    }
    if (!(durationSeconds >= 0)) {
      throw new IllegalArgumentException("duration must be >= 0");
    }
    if (bundleId == null || bundleId.isBlank()) {
      throw new IllegalArgumentException("bundle id must not be blank");
    }
    Vectors.requireUnit(embedding, "track embedding");
    segments = List.copyOf(segments);
    for (SegmentVector segment : segments) {
      Vectors.requireUnit(segment.vector(), "segment embedding");
      if (segment.vector().length != embedding.length) {
        throw new IllegalArgumentException("segment and track embeddings differ in dimension");
      }
    }
    addedAt = addedAt.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }

  /** The stored view without vectors. */
  public TrackInfo info() {
    return new TrackInfo(id, metadata, contentSha256, durationSeconds, bundleId, segments.size(), addedAt);
  }

  public TrackDocument withMetadata(TrackMetadata newMetadata) {
    return new TrackDocument(id, newMetadata, contentSha256, durationSeconds, bundleId, embedding, segments, addedAt);
  }
}
