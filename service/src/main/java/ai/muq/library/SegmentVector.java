package ai.muq.library;

/**
 * The embedding of one time span of a track.
 *
 * @param startSeconds inclusive start, at least 0
 * @param endSeconds exclusive end, greater than the start
 * @param vector the unit-length embedding
 */
public record SegmentVector(double startSeconds, double endSeconds, float[] vector) {

  public SegmentVector {
    if (!(startSeconds >= 0) || !(endSeconds > startSeconds)) {
      throw new IllegalArgumentException("segment needs 0 <= start < end, got " + startSeconds + ".." + endSeconds);
    }
    if (vector == null || vector.length == 0) {
      throw new IllegalArgumentException("segment vector must not be empty");
    }
  }
}
