package ai.muq.data;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a training catalog from one of:
 *
 * <ul>
 *   <li>a folder: every wav/flac/mp3/ogg/aiff file below it, sorted by path, no tags;
 *   <li>a JSONL manifest ({@code .jsonl}): one object a line with {@code path} (required, relative
 *       to the manifest's folder), optional {@code tags} array, {@code captions} object (language
 *       to string or array) or {@code caption} string (taken as English), {@code split}, {@code
 *       labels} object; other fields join the labels;
 *   <li>a CSV manifest with a header: {@code path} (required), optional {@code tags} (separated by
 *       {@code ;} or {@code |}), {@code caption} (English) or {@code caption_<lang>}, {@code
 *       split}; other columns become string labels;
 *   <li>MagnaTagATune's {@code annotations_final.csv} as distributed (tab-separated, {@code
 *       clip_id}, 188 tag columns of 0/1, {@code mp3_path} last). Tags are the columns set to 1;
 *       the split is the usual one by the clip's folder: {@code 0}-{@code b} train, {@code c}
 *       valid, {@code d}-{@code f} test.
 * </ul>
 *
 * Malformed input fails with the file and line in the message.
 */
public final class Catalog {

  /** Split of entries whose source names none. */
  public static final String DEFAULT_SPLIT = "train";

  public static final Set<String> AUDIO_EXTENSIONS =
      Set.of("wav", "flac", "mp3", "ogg", "aiff", "aif");

  private static final Set<String> SPLITS = Set.of("train", "valid", "test");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Catalog() {}

  /** Reads a folder or manifest, choosing the format by what {@code source} is. */
  public static List<CatalogEntry> read(Path source) throws IOException {
    if (Files.isDirectory(source)) {
      return folder(source);
    }
    if (!Files.isRegularFile(source)) {
      throw new IOException("no such catalog file or folder: " + source);
    }
    String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return jsonl(source);
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv")) {
      return isMagnaTagATune(source) ? magnaTagATune(source) : csv(source);
    }
    throw new IOException("unknown catalog format (want a folder, .jsonl or .csv): " + source);
  }

  /** Every audio file below {@code root}, sorted by path. */
  public static List<CatalogEntry> folder(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> AUDIO_EXTENSIONS.contains(extension(p)))
          .sorted()
          .map(CatalogEntry::of)
          .toList();
    }
  }

  /** Entries of a JSONL manifest. */
  public static List<CatalogEntry> jsonl(Path manifest) throws IOException {
    Path base = baseOf(manifest);
    List<CatalogEntry> entries = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          entries.add(jsonEntry(base, JSON.readTree(line)));
        } catch (IOException | IllegalArgumentException e) {
          throw new IOException(manifest + ":" + lineNo + ": " + e.getMessage(), e);
        }
      }
    }
    return entries;
  }

  private static CatalogEntry jsonEntry(Path base, JsonNode node) throws IOException {
    if (!node.isObject()) {
      throw new IllegalArgumentException("a line must be a JSON object");
    }
    JsonNode path = node.get("path");
    if (path == null || !path.isTextual() || path.asText().isBlank()) {
      throw new IllegalArgumentException("\"path\" (a string) is required");
    }
    List<String> tags = new ArrayList<>();
    JsonNode tagNode = node.get("tags");
    if (tagNode != null && !tagNode.isNull()) {
      if (tagNode.isArray()) {
        tagNode.forEach(t -> tags.add(t.asText()));
      } else if (tagNode.isTextual()) {
        tags.addAll(splitTags(tagNode.asText()));
      } else {
        throw new IllegalArgumentException("\"tags\" must be an array of strings");
      }
    }
    Map<String, List<String>> captions = new LinkedHashMap<>();
    JsonNode caps = node.get("captions");
    if (caps != null && !caps.isNull()) {
      if (!caps.isObject()) {
        throw new IllegalArgumentException("\"captions\" must be an object language -> captions");
      }
      for (Map.Entry<String, JsonNode> e : caps.properties()) {
        List<String> list = new ArrayList<>();
        if (e.getValue().isArray()) {
          e.getValue().forEach(c -> list.add(c.asText()));
        } else {
          list.add(e.getValue().asText());
        }
        captions.put(e.getKey(), list);
      }
    }
    JsonNode caption = node.get("caption");
    if (caption != null && caption.isTextual()) {
      captions.computeIfAbsent("en", k -> new ArrayList<>()).add(caption.asText());
    }
    String split = split(node.hasNonNull("split") ? node.get("split").asText() : null);
    Map<String, Object> labels = new LinkedHashMap<>();
    JsonNode labelNode = node.get("labels");
    if (labelNode != null && labelNode.isObject()) {
      labels.putAll(JSON.convertValue(labelNode, new TypeReference<Map<String, Object>>() {}));
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!Set.of("path", "tags", "captions", "caption", "split", "labels").contains(e.getKey())) {
        labels.putIfAbsent(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
      }
    }
    return new CatalogEntry(base.resolve(path.asText()), tags, captions, split, labels);
  }

  /** Entries of a CSV manifest with a header row. */
  public static List<CatalogEntry> csv(Path manifest) throws IOException {
    Path base = baseOf(manifest);
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    List<CatalogEntry> entries = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      if (!header.contains("path")) {
        throw new IOException(manifest + ": CSV manifest needs a \"path\" column, has " + header);
      }
      for (CSVRecord r : parser) {
        String path = r.isSet("path") ? r.get("path") : "";
        if (path.isBlank()) {
          throw new IOException(manifest + ":" + (r.getRecordNumber() + 1) + ": empty path");
        }
        List<String> tags = r.isSet("tags") ? splitTags(r.get("tags")) : List.of();
        Map<String, List<String>> captions = new LinkedHashMap<>();
        Map<String, Object> labels = new LinkedHashMap<>();
        String split = null;
        for (String column : header) {
          if (!r.isSet(column) || r.get(column).isEmpty()) {
            continue;
          }
          String value = r.get(column);
          if (column.equals("caption")) {
            captions.computeIfAbsent("en", k -> new ArrayList<>()).add(value);
          } else if (column.startsWith("caption_")) {
            captions.computeIfAbsent(column.substring(8), k -> new ArrayList<>()).add(value);
          } else if (column.equals("split")) {
            split = value;
          } else if (!column.equals("path") && !column.equals("tags")) {
            labels.put(column, value);
          }
        }
        try {
          entries.add(new CatalogEntry(base.resolve(path), tags, captions, split(split), labels));
        } catch (IllegalArgumentException e) {
          throw new IOException(manifest + ":" + (r.getRecordNumber() + 1) + ": " + e.getMessage(), e);
        }
      }
    } catch (UncheckedIOException e) {
      throw new IOException(manifest + ": " + e.getCause().getMessage(), e.getCause());
    }
    return entries;
  }

  /** Whether a file's header is MagnaTagATune's annotation layout. */
  static boolean isMagnaTagATune(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      return header != null
          && header.contains("\t")
          && header.replace("\"", "").startsWith("clip_id\t")
          && header.replace("\"", "").stripTrailing().endsWith("\tmp3_path");
    }
  }

  /**
   * Entries of MagnaTagATune's {@code annotations_final.csv}; mp3 paths are resolved against the
   * file's folder.
   */
  public static List<CatalogEntry> magnaTagATune(Path annotations) throws IOException {
    Path base = baseOf(annotations);
    CSVFormat format =
        CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    List<CatalogEntry> entries = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(annotations, StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      if (header.size() < 3
          || !header.get(0).equals("clip_id")
          || !header.get(header.size() - 1).equals("mp3_path")) {
        throw new IOException(annotations + ": not MagnaTagATune annotations (clip_id ... mp3_path)");
      }
      List<String> tagColumns = header.subList(1, header.size() - 1);
      for (CSVRecord r : parser) {
        if (r.size() != header.size()) {
          throw new IOException(
              annotations + ":" + (r.getRecordNumber() + 1) + ": " + r.size() + " fields, header has "
                  + header.size());
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < tagColumns.size(); i++) {
          String v = r.get(i + 1);
          if (v.equals("1")) {
            tags.add(tagColumns.get(i));
          } else if (!v.equals("0")) {
            throw new IOException(
                annotations + ":" + (r.getRecordNumber() + 1) + ": tag \"" + tagColumns.get(i)
                    + "\" is neither 0 nor 1: " + v);
          }
        }
        String mp3 = r.get(header.size() - 1);
        if (mp3.isEmpty()) {
          continue; // a handful of MTAT rows name no audio
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("clip_id", r.get(0));
        entries.add(new CatalogEntry(base.resolve(mp3), tags, Map.of(), mtatSplit(mp3), labels));
      }
    }
    return entries;
  }

  /** The customary MTAT split by the clip's first-level folder (0-f). */
  static String mtatSplit(String mp3Path) {
    char folder = Character.toLowerCase(mp3Path.charAt(0));
    if (folder == 'c') {
      return "valid";
    }
    return folder >= 'd' && folder <= 'f' ? "test" : "train";
  }

  static List<String> splitTags(String text) {
    return Arrays.stream(text.split("[;|]")).map(String::trim).filter(t -> !t.isEmpty()).toList();
  }

  private static String split(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_SPLIT;
    }
    String s = value.trim().toLowerCase(Locale.ROOT);
    if (s.equals("validation") || s.equals("val") || s.equals("dev")) {
      s = "valid";
    }
    if (!SPLITS.contains(s)) {
      throw new IllegalArgumentException("split must be train, valid or test: " + value);
    }
    return s;
  }

  private static Path baseOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? Path.of("") : parent;
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
