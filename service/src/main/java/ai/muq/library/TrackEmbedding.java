package ai.muq.library;

import java.util.List;

/**
 * A track's embedding and its segment embeddings.
 *
 * @param track whole-track vector
 * @param segments one vector per span, with start and end in seconds
 */
public record TrackEmbedding(float[] track, List<SegmentVector> segments) {

  public TrackEmbedding {
    if (track == null || track.length == 0) {
      throw new IllegalArgumentException("track vector must not be empty");
    }
    segments = List.copyOf(segments);
  }

  /** The same embedding with every vector scaled to unit length. */
  public TrackEmbedding normalized() {
    return new TrackEmbedding(Vectors.normalized(track), segments.stream()
        .map(s -> new SegmentVector(s.startSeconds(), s.endSeconds(), Vectors.normalized(s.vector())))
        .toList());
  }
}
