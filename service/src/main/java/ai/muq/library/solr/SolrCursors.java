package ai.muq.library.solr;

import ai.muq.library.TrackIds;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The Solr library's page cursors: the last id of a page, URL-safe Base64, checked when read back. */
final class SolrCursors {

  private SolrCursors() {}

  static String encode(String lastId) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor) {
    String id;
    try {
      id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
    if (!TrackIds.isValid(id)) {
      throw new IllegalArgumentException("malformed cursor");
    }
    return id;
  }
}
