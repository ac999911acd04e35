package ai.muq.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The licence a released checkpoint's model card states: the {@code license:} key (with {@code
 * license_name} and {@code license_link} for {@code license: other}) and the {@code datasets:} of
 * the YAML front matter of a HuggingFace {@code README.md}. Only these top-level keys are read,
 * as scalars, flow lists ({@code [a, b]}) or block lists ({@code - a}).
 *
 * @param license the licence as an SPDX id where the card's id has one ({@code cc-by-nc-4.0} ->
 *     {@code CC-BY-NC-4.0}), else as the card writes it
 * @param link {@code license_link}, or null
 * @param datasets the card's {@code datasets}, possibly empty
 */
public record ModelCard(String license, String link, List<String> datasets) {

  /** The file a HuggingFace model repository keeps its card in. */
  public static final String FILE_NAME = "README.md";

  /** HuggingFace licence ids (lower case) whose SPDX spelling differs only in case or suffix. */
  private static final Map<String, String> SPDX = Map.ofEntries(
      Map.entry("apache-2.0", "Apache-2.0"),
      Map.entry("mit", "MIT"),
      Map.entry("bsd-2-clause", "BSD-2-Clause"),
      Map.entry("bsd-3-clause", "BSD-3-Clause"),
      Map.entry("cc0-1.0", "CC0-1.0"),
      Map.entry("cc-by-4.0", "CC-BY-4.0"),
      Map.entry("cc-by-sa-4.0", "CC-BY-SA-4.0"),
      Map.entry("cc-by-nc-4.0", "CC-BY-NC-4.0"),
      Map.entry("cc-by-nc-sa-4.0", "CC-BY-NC-SA-4.0"),
      Map.entry("cc-by-nc-nd-4.0", "CC-BY-NC-ND-4.0"),
      Map.entry("cc-by-nd-4.0", "CC-BY-ND-4.0"),
      Map.entry("mpl-2.0", "MPL-2.0"),
      Map.entry("gpl-2.0", "GPL-2.0-only"),
      Map.entry("gpl-3.0", "GPL-3.0-only"),
      Map.entry("lgpl-2.1", "LGPL-2.1-only"),
      Map.entry("lgpl-3.0", "LGPL-3.0-only"),
      Map.entry("agpl-3.0", "AGPL-3.0-only"),
      Map.entry("openrail", "OpenRAIL"),
      Map.entry("creativeml-openrail-m", "CreativeML-OpenRAIL-M"));

  public ModelCard {
    datasets = List.copyOf(datasets);
  }

  /**
   * The licence a model card file states, or null when it has none (or the file is missing): what
   * a hub download records before anything is converted.
   */
  public static String license(Path readme) throws IOException {
    if (!Files.isRegularFile(readme)) {
      return null;
    }
    return parse(Files.readString(readme, StandardCharsets.UTF_8)).map(ModelCard::license).orElse(null);
  }

  /**
   * Reads {@code dir/README.md}.
   *
   * @return empty when there is no card, no front matter or no {@code license} in it
   */
  public static Optional<ModelCard> read(Path dir) throws IOException {
    Path card = dir.resolve(FILE_NAME);
    if (!Files.isRegularFile(card)) {
      return Optional.empty();
    }
    return parse(Files.readString(card, StandardCharsets.UTF_8));
  }

  /** Parses a card's text; empty without front matter or without a {@code license} key. */
  public static Optional<ModelCard> parse(String text) {
    List<String> lines = text.lines().toList();
    int start = 0;
    while (start < lines.size() && lines.get(start).isBlank()) {
      start++;
    }
    if (start >= lines.size() || !lines.get(start).strip().equals("---")) {
      return Optional.empty();
    }
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).strip().equals("---")) {
      end++;
    }
    List<String> front = lines.subList(start + 1, Math.min(end, lines.size()));
    List<String> licenses = values(front, "license");
    if (licenses.isEmpty()) {
      return Optional.empty();
    }
    String license = licenses.getFirst();
    List<String> names = values(front, "license_name");
    if (license.equalsIgnoreCase("other") && !names.isEmpty()) {
      license = names.getFirst();
    }
    List<String> links = values(front, "license_link");
    return Optional.of(new ModelCard(
        spdx(license), links.isEmpty() ? null : links.getFirst(), values(front, "datasets")));
  }

  /** The card's licence id in SPDX spelling where it has one, else unchanged. */
  public static String spdx(String id) {
    return SPDX.getOrDefault(id.strip().toLowerCase(Locale.ROOT), id.strip());
  }

  /**
   * One line for {@code license_notes}: where the licence was read and the datasets the card
   * names (their licences are the data's; the card is the authority on them).
   */
  public String notes(String source) {
    StringBuilder notes = new StringBuilder("licence ").append(license)
        .append(" as stated by the model card of ").append(source);
    if (link != null) {
      notes.append(" (").append(link).append(')');
    }
    if (!datasets.isEmpty()) {
      notes.append("; training data named there: ").append(String.join(", ", datasets));
    }
    return notes.toString();
  }

  /** The values of a top-level key: a scalar, a flow list or a block list below it. */
  private static List<String> values(List<String> front, String key) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < front.size(); i++) {
      String line = front.get(i);
      if (line.startsWith(" ") || line.startsWith("\t") || !line.startsWith(key + ":")) {
        continue;
      }
      String value = stripComment(line.substring(key.length() + 1)).strip();
      if (value.startsWith("[") && value.endsWith("]")) {
        for (String item : value.substring(1, value.length() - 1).split(",")) {
          addScalar(out, item);
        }
      } else if (!value.isEmpty()) {
        addScalar(out, value);
      } else {
        for (int j = i + 1; j < front.size(); j++) {
          String item = front.get(j).strip();
          if (!item.startsWith("- ") && !item.equals("-")) {
            break;
          }
          addScalar(out, stripComment(item.substring(1)));
        }
      }
      break;
    }
    return out;
  }

  private static void addScalar(List<String> out, String raw) {
    String v = raw.strip();
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      v = v.substring(1, v.length() - 1).strip();
    }
    if (!v.isEmpty()) {
      out.add(v);
    }
  }

  private static String stripComment(String value) {
    int hash = value.indexOf(" #");
    return hash >= 0 ? value.substring(0, hash) : value;
  }
}
