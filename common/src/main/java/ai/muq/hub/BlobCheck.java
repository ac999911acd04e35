package ai.muq.hub;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks a downloaded file against the hub's ETag before it is used. An LFS file's ETag is the
 * sha256 of its content (the LFS oid); a small file's is the git blob sha1 ({@code sha1("blob
 * <size>\0" + content)}). Streams the file; nothing large is held in memory.
 */
final class BlobCheck {

  private BlobCheck() {}

  /** Whether the ETag is a content hash this check can verify. */
  static boolean verifiable(String etag) {
    return etag.matches("[0-9a-f]{64}") || etag.matches("[0-9a-f]{40}");
  }

  /**
   * Returns null when the file matches, else what differs (one phrase).
   *
   * @param expectedSize the size the hub announced, or -1 when unknown
   */
  static String mismatch(Path file, String etag, long expectedSize) throws IOException {
    long size = Files.size(file);
    if (expectedSize >= 0 && size != expectedSize) {
      return "size " + size + " instead of " + expectedSize;
    }
    String e = etag.toLowerCase(Locale.ROOT);
    String actual;
    String what;
    if (e.matches("[0-9a-f]{64}")) {
      actual = digest("SHA-256", file, null);
      what = "sha256";
    } else if (e.matches("[0-9a-f]{40}")) {
      actual = digest("SHA-1", file, ("blob " + size + "\0").getBytes(StandardCharsets.US_ASCII));
      what = "git sha1";
    } else {
      return null;
    }
    return actual.equals(e) ? null : what + " " + actual + " instead of " + e;
  }

  private static String digest(String algorithm, Path file, byte[] prefix) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
    if (prefix != null) {
      md.update(prefix);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
