package ai.muq.hub;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the licence a model card (a repo's README.md) declares in its YAML front matter, e.g.
 * {@code license: cc-by-nc-4.0} for OpenMuQ's releases.
 */
public final class ModelCard {

  private ModelCard() {}

  /** The top-level {@code license:} of the front matter, or null when there is none. */
  public static String license(Path readme) throws IOException {
    if (readme == null || !Files.isRegularFile(readme)) {
      return null;
    }
    try (BufferedReader r = Files.newBufferedReader(readme, StandardCharsets.UTF_8)) {
      String first = r.readLine();
      if (first == null || !first.strip().equals("---")) {
        return null;
      }
      String line;
      while ((line = r.readLine()) != null) {
        if (line.strip().equals("---") || line.strip().equals("...")) {
          return null;
        }
        if (line.startsWith("license:")) {
          String value = line.substring("license:".length());
          int comment = value.indexOf(" #");
          if (comment >= 0) {
            value = value.substring(0, comment);
          }
          value = value.strip();
          if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
              && value.charAt(value.length() - 1) == value.charAt(0)) {
            value = value.substring(1, value.length() - 1);
          }
          return value.isEmpty() ? null : value;
        }
      }
    }
    return null;
  }
}
