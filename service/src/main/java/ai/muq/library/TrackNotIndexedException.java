package ai.muq.library;

/** The track exists but its vectors come from another model bundle (run reindex). */
public final class TrackNotIndexedException extends RuntimeException {

  public TrackNotIndexedException(String trackId, String trackBundle, String currentBundle) {
    super("track " + trackId + " was embedded by bundle " + trackBundle + ", the current model is " + currentBundle
        + "; reindex the library first");
  }
}
