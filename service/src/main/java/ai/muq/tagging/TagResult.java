package ai.muq.tagging;

import java.util.List;

/**
 * Tags of one audio: the best {@code top_k} over the whole track and, on request, per segment.
 *
 * @param tags best labels first
 * @param segments per-clip tags (empty unless a timeline was asked for)
 */
public record TagResult(List<TagScore> tags, List<Segment> segments) {

  /** Tags of one MuLan clip, from {@code start} to {@code end} seconds of the track. */
  public record Segment(double start, double end, List<TagScore> tags) {}
}
