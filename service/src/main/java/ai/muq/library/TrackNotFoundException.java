package ai.muq.library;

/** No track with this id exists. */
public final class TrackNotFoundException extends RuntimeException {

  private final String trackId;

  public TrackNotFoundException(String trackId) {
    super("no track with id " + trackId);
    this.trackId = trackId;
  }

  public String trackId() {
    return trackId;
  }
}
