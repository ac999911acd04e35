package ai.muq.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads config.json files and their fields with one-line errors naming the file and field. */
final class JsonConfig {

  private final JsonNode root;
  private final String source;

  private JsonConfig(JsonNode root, String source) {
    this.root = root;
    this.source = source;
  }

  static JsonConfig read(Path file) throws CheckpointException {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("config not found: " + file);
    }
    try {
      return of(new ObjectMapper().readTree(file.toFile()), file.toString());
    } catch (IOException e) {
      throw new CheckpointException(file + " is not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  static JsonConfig resource(String name) {
    try (InputStream in = JsonConfig.class.getResourceAsStream("configs/" + name)) {
      if (in == null) {
        throw new IllegalStateException("built-in config missing from the jar: " + name);
      }
      return of(new ObjectMapper().readTree(in), "built-in " + name);
    } catch (IOException e) {
      throw new IllegalStateException("built-in config " + name + " unreadable", e);
    }
  }

  static JsonConfig of(JsonNode root, String source) throws CheckpointException {
    if (root == null || !root.isObject()) {
      throw new CheckpointException(source + " is not a JSON object");
    }
    return new JsonConfig(root, source);
  }

  JsonNode root() {
    return root;
  }

  String source() {
    return source;
  }

  boolean has(String field) {
    return root.has(field);
  }

  JsonConfig object(String field) throws CheckpointException {
    JsonNode n = root.get(field);
    if (n == null || !n.isObject()) {
      throw new CheckpointException(source + ": field '" + field + "' is missing or not an object");
    }
    return new JsonConfig(n, source + " " + field);
  }

  int integer(String field) throws CheckpointException {
    JsonNode n = root.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new CheckpointException(source + ": field '" + field + "' is missing or not an integer");
    }
    return n.intValue();
  }

  int integer(String field, int fallback) throws CheckpointException {
    return root.hasNonNull(field) ? integer(field) : fallback;
  }

  /** A positive integer, or null when the field is absent or null. */
  Integer optionalInteger(String field) throws CheckpointException {
    return root.hasNonNull(field) ? integer(field) : null;
  }

  double number(String field) throws CheckpointException {
    JsonNode n = root.get(field);
    if (n == null || !n.isNumber()) {
      throw new CheckpointException(source + ": field '" + field + "' is missing or not a number");
    }
    return n.doubleValue();
  }

  double number(String field, double fallback) throws CheckpointException {
    return root.hasNonNull(field) ? number(field) : fallback;
  }

  String text(String field) throws CheckpointException {
    JsonNode n = root.get(field);
    if (n == null || !n.isTextual()) {
      throw new CheckpointException(source + ": field '" + field + "' is missing or not a string");
    }
    return n.asText();
  }

  String text(String field, String fallback) throws CheckpointException {
    return root.hasNonNull(field) ? text(field) : fallback;
  }

  CheckpointException invalid(String what) {
    return new CheckpointException(source + ": " + what);
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
