package ai.muq.library;

import java.util.regex.Pattern;

/** Track ids are URL-safe so they can appear in paths and cursors unescaped. */
public final class TrackIds {

  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private TrackIds() {}

  public static boolean isValid(String id) {
    return id != null && VALID.matcher(id).matches();
  }

  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "track id must match [A-Za-z0-9][A-Za-z0-9._:-]{0,127}, got " + id);
    }
    return id;
  }

  /** The id given to a track added without one: derived from its content, so re-adding is idempotent. */
  public static String fromContent(String contentSha256) {
    return "t-" + contentSha256.substring(0, 24);
  }
}
