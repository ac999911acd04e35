package ai.muq.library;

import java.util.List;

/**
 * One search result.
 *
 * @param track the matching track
 * @param score cosine similarity of the query and the track embedding, in [-1, 1]
 * @param segments the best-matching segments of this track, best first (empty unless asked for)
 */
public record TrackHit(TrackInfo track, float score, List<SegmentHit> segments) {

  /** A matching span of a track; score is the cosine similarity with the query. */
  public record SegmentHit(double startSeconds, double endSeconds, float score) {}
}
