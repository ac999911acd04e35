package ai.muq.library.web;

import ai.muq.library.TrackFilter;
import ai.muq.library.TrackHit;
import ai.muq.library.TrackInfo;
import ai.muq.library.TrackMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The library's REST request and response bodies (snake_case JSON). */
public final class LibraryJson {

  private LibraryJson() {}

  /** The {@code metadata} part of {@code POST /v1/tracks}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrackMetadataJson(String id, String title, String artist, List<String> tags, Map<String, String> attributes) {

    TrackMetadata toMetadata() {
      return new TrackMetadata(title, artist, tags, attributes);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrackJson(
      String id, String title, String artist, List<String> tags, Map<String, String> attributes, String contentSha256,
      double durationSeconds, String bundleId, int segmentCount, Instant addedAt) {

    static TrackJson of(TrackInfo t) {
      TrackMetadata m = t.metadata();
      return new TrackJson(t.id(), m.title(), m.artist(), m.tags(), m.attributes(), t.contentSha256(), t.durationSeconds(),
          t.bundleId(), t.segmentCount(), t.addedAt());
    }
  }

  /** Answer of {@code POST /v1/tracks}: the track and what happened (created, replaced, metadata_updated, unchanged). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record AddTrackJson(String outcome, TrackJson track) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TrackListJson(List<TrackJson> tracks, String nextCursor) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record PatchJson(String title, String artist, List<String> tags, Map<String, String> attributes) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FiltersJson(List<String> tagsAll, List<String> tagsAny, String artist, Map<String, String> attributes) {

    static TrackFilter toFilter(FiltersJson f) {
      return f == null ? TrackFilter.NONE : new TrackFilter(f.tagsAll(), f.tagsAny(), f.artist(), f.attributes(), null);
    }
  }

  /**
   * {@code POST /v1/search}: exactly one of {@code text} and {@code track_id}; {@code top_k}
   * defaults to 10; with {@code segments} true each hit carries its best {@code segments_per_track}
   * (default 3) segments.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SearchJson(String text, String trackId, Integer topK, FiltersJson filters, Boolean segments, Integer segmentsPerTrack) {

    int topKOrDefault() {
      return topK == null ? 10 : topK;
    }

    int segmentsWanted() {
      if (!Boolean.TRUE.equals(segments)) {
        return 0;
      }
      return segmentsPerTrack == null ? 3 : segmentsPerTrack;
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SegmentHitJson(double startSeconds, double endSeconds, float score) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record HitJson(TrackJson track, float score, List<SegmentHitJson> segments) {

    static HitJson of(TrackHit h) {
      return new HitJson(TrackJson.of(h.track()), h.score(),
          h.segments().stream().map(s -> new SegmentHitJson(s.startSeconds(), s.endSeconds(), s.score())).toList());
    }
  }

  /** Search results, best first; scores are cosine similarities in [-1, 1]. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record SearchResultJson(String bundleId, List<HitJson> results) {

    static SearchResultJson of(String bundleId, List<TrackHit> hits) {
      return new SearchResultJson(bundleId, hits.stream().map(HitJson::of).toList());
    }
  }
}
