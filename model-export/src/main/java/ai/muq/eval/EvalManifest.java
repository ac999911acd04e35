package ai.muq.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the tracks of an evaluation manifest. Three formats, told apart by content:
 *
 * <ul>
 *   <li>JSONL: one object a line with {@code path} (relative to the manifest), {@code tags} array,
 *       {@code captions} ({@code {"en": [...]}} or an array), {@code split}, and {@code labels}
 *       (scalar values become classification labels; arrays such as {@code families} are skipped).
 *   <li>MagnaTagATune's {@code annotations_final.csv} as distributed: tab-separated, header
 *       {@code clip_id, <188 tags>, mp3_path}, 0/1 cells. Only the {@code topTags} most frequent
 *       tags are kept (50 in the MuQ paper). Split by the clip's folder as is customary: folders
 *       0-9, a, b train; c valid; d, e, f test.
 *   <li>CSV with a header: {@code path}, optional {@code tags} (separated by ';'), {@code caption}
 *       (several separated by '|'), {@code split}; every other column is a classification label.
 * </ul>
 *
 * A track without a split is assigned one deterministically from a hash of its path (70% train,
 * 30% test), so a manifest without splits still gives train and test sets.
 */
public final class EvalManifest {

  private EvalManifest() {}

  /**
   * @param manifest the manifest file
   * @param audioRoot base of relative audio paths; null means the manifest's folder
   * @param topTags for MagnaTagATune, the number of most frequent tags kept
   */
  public static List<EvalTrack> read(Path manifest, Path audioRoot, int topTags) throws IOException {
    if (!Files.isRegularFile(manifest)) {
      throw new IOException("no manifest file " + manifest);
    }
    Path root = audioRoot != null ? audioRoot : manifest.toAbsolutePath().getParent();
    List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    lines.removeIf(l -> l.isBlank());
    if (lines.isEmpty()) {
      throw new IOException("manifest " + manifest + " has no tracks");
    }
    String first = lines.getFirst().strip();
    List<EvalTrack> tracks;
    if (first.startsWith("{")) {
      tracks = jsonl(lines, root, manifest);
    } else if (first.contains("clip_id") && first.contains("mp3_path")) {
      tracks = mtat(lines, root, topTags);
    } else {
      tracks = csv(lines, root, manifest);
    }
    if (tracks.isEmpty()) {
      throw new IOException("manifest " + manifest + " has no tracks");
    }
    return tracks;
  }

  private static List<EvalTrack> jsonl(List<String> lines, Path root, Path manifest) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<EvalTrack> out = new ArrayList<>();
    int lineNo = 0;
    for (String line : lines) {
      lineNo++;
      JsonNode o;
      try {
        o = json.readTree(line);
      } catch (IOException e) {
        throw new IOException(manifest + " line " + lineNo + ": not JSON: " + e.getMessage().lines().findFirst().orElse(""));
      }
      String path = o.path("path").asText(null);
      if (path == null) {
        throw new IOException(manifest + " line " + lineNo + ": no \"path\"");
      }
      List<String> tags = new ArrayList<>();
      o.path("tags").forEach(t -> tags.add(t.asText()));
      List<String> captions = new ArrayList<>();
      JsonNode c = o.path("captions");
      if (c.isArray()) {
        c.forEach(t -> captions.add(t.asText()));
      } else if (c.isObject()) {
        c.path("en").forEach(t -> captions.add(t.asText()));
      }
      if (o.hasNonNull("caption")) {
        captions.add(o.get("caption").asText());
      }
      Map<String, String> labels = new LinkedHashMap<>();
      o.path("labels").properties().forEach(e -> {
        if (e.getValue().isValueNode() && !e.getValue().isNull()) {
          labels.put(e.getKey(), e.getValue().asText());
        }
      });
      out.add(new EvalTrack(path, root.resolve(path), tags, captions, split(o.path("split").asText(null), path), labels));
    }
    return out;
  }

  private static List<EvalTrack> mtat(List<String> lines, Path root, int topTags) throws IOException {
    String[] header = unquote(lines.getFirst().split("\t", -1));
    int pathCol = Arrays.asList(header).indexOf("mp3_path");
    int idCol = Arrays.asList(header).indexOf("clip_id");
    List<String[]> rows = new ArrayList<>();
    int[] counts = new int[header.length];
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = unquote(line.split("\t", -1));
      if (cells.length != header.length) {
        throw new IOException("MagnaTagATune row with " + cells.length + " cells, header has " + header.length);
      }
      rows.add(cells);
      for (int i = 0; i < cells.length; i++) {
        if (i != pathCol && i != idCol && "1".equals(cells[i])) {
          counts[i]++;
        }
      }
    }
    List<Integer> tagCols = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      if (i != pathCol && i != idCol) {
        tagCols.add(i);
      }
    }
    tagCols.sort(Comparator.comparingInt((Integer i) -> -counts[i]).thenComparing(i -> i));
    TreeSet<Integer> kept = new TreeSet<>(tagCols.subList(0, Math.min(topTags, tagCols.size())));
    List<EvalTrack> out = new ArrayList<>();
    for (String[] cells : rows) {
      String path = cells[pathCol];
      if (path.isEmpty()) {
        continue; // a few MTAT rows have no audio
      }
      List<String> tags = new ArrayList<>();
      for (int i : kept) {
        if ("1".equals(cells[i])) {
          tags.add(header[i]);
        }
      }
      char folder = Character.toLowerCase(path.charAt(0));
      String split = folder == 'c' ? EvalTrack.VALID : (folder >= 'd' && folder <= 'f') ? EvalTrack.TEST : EvalTrack.TRAIN;
      out.add(new EvalTrack(path, root.resolve(path), tags, List.of(), split, Map.of()));
    }
    return out;
  }

  private static List<EvalTrack> csv(List<String> lines, Path root, Path manifest) throws IOException {
    List<String> header = parseCsvLine(lines.getFirst());
    int pathCol = header.indexOf("path");
    if (pathCol < 0) {
      throw new IOException(manifest + ": CSV header needs a \"path\" column (got " + header + ")");
    }
    List<EvalTrack> out = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = parseCsvLine(line);
      Map<String, String> labels = new LinkedHashMap<>();
      List<String> tags = new ArrayList<>();
      List<String> captions = new ArrayList<>();
      String split = null;
      for (int i = 0; i < header.size() && i < cells.size(); i++) {
        String name = header.get(i);
        String v = cells.get(i).strip();
        switch (name) {
          case "path" -> {}
          case "tags" -> Arrays.stream(v.split(";")).map(String::strip).filter(s -> !s.isEmpty()).forEach(tags::add);
          case "caption", "captions" -> Arrays.stream(v.split("\\|")).map(String::strip).filter(s -> !s.isEmpty()).forEach(captions::add);
          case "split" -> split = v.isEmpty() ? null : v;
          default -> {
            if (!v.isEmpty()) {
              labels.put(name, v);
            }
          }
        }
      }
      String path = cells.get(pathCol);
      out.add(new EvalTrack(path, root.resolve(path), tags, captions, split(split, path), labels));
    }
    return out;
  }

  private static String split(String given, String path) {
    if (given != null) {
      return switch (given) {
        case "validation", "val", "dev" -> EvalTrack.VALID;
        default -> given;
      };
    }
    return Math.floorMod(path.hashCode() * 0x9E3779B1, 10) < 7 ? EvalTrack.TRAIN : EvalTrack.TEST;
  }

  private static String[] unquote(String[] cells) {
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i].strip();
      if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
        c = c.substring(1, c.length() - 1);
      }
      cells[i] = c;
    }
    return cells;
  }

  /** One RFC 4180 line: commas separate, double quotes enclose, "" is a quote inside quotes. */
  static List<String> parseCsvLine(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        cells.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    cells.add(cur.toString());
    return cells;
  }
}
