package ai.muq.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * The operations of api-spec/openapi.yaml as the tests read them: method, path, parameters, request
 * body schema, and the problem types each may answer ({@code x-problem-types}, slugs under
 * {@link #PREFIX}). Requests that match no operation may answer the top-level {@code x-problem-types}.
 */
final class OpenApiContract {

  static final Path FILE = Path.of("../api-spec/openapi.yaml");
  static final String PREFIX = "https://muq.ai/problems/";
  static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  /** A parameter in the path or the query. */
  record Param(String name, String in, boolean required, Map<String, Object> schema) {}

  /** One operation; bodyType and bodySchema are null when it takes no body. */
  record Operation(String id, String method, String path, List<Param> params, String bodyType,
      Map<String, Object> bodySchema, Set<String> problemTypes) {

    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  final Map<String, Object> root;
  final List<Operation> operations = new ArrayList<>();
  final Set<String> unmatchedProblemTypes;

  @SuppressWarnings("unchecked")
  OpenApiContract(Path file) throws IOException {
    root = new Yaml().load(Files.readString(file));
    unmatchedProblemTypes = uris((List<String>) root.get("x-problem-types"));
    for (var p : ((Map<String, Object>) root.get("paths")).entrySet()) {
      Map<String, Object> item = (Map<String, Object>) p.getValue();
      List<Map<String, Object>> shared = (List<Map<String, Object>>) item.getOrDefault("parameters", List.of());
      for (var o : item.entrySet()) {
        if (!METHODS.contains(o.getKey())) {
          continue;
        }
        Map<String, Object> op = (Map<String, Object>) o.getValue();
        List<Param> params = new ArrayList<>();
        List<Map<String, Object>> all = new ArrayList<>(shared);
        all.addAll((List<Map<String, Object>>) op.getOrDefault("parameters", List.of()));
        for (Map<String, Object> prm : all) {
          params.add(new Param((String) prm.get("name"), (String) prm.get("in"),
              Boolean.TRUE.equals(prm.get("required")), resolve((Map<String, Object>) prm.get("schema"))));
        }
        String bodyType = null;
        Map<String, Object> bodySchema = null;
        Map<String, Object> body = (Map<String, Object>) op.get("requestBody");
        if (body != null) {
          var content = ((Map<String, Object>) body.get("content")).entrySet().iterator().next();
          bodyType = content.getKey();
          bodySchema = resolve((Map<String, Object>) ((Map<String, Object>) content.getValue()).get("schema"));
        }
        operations.add(new Operation((String) op.get("operationId"), o.getKey().toUpperCase(Locale.ROOT),
            p.getKey(), params, bodyType, bodySchema, uris((List<String>) op.get("x-problem-types"))));
      }
    }
  }

  static OpenApiContract load() throws IOException {
    return new OpenApiContract(FILE);
  }

  private static Set<String> uris(List<String> slugs) {
    Set<String> out = new LinkedHashSet<>();
    if (slugs != null) {
      slugs.forEach(s -> out.add(PREFIX + s));
    }
    return out;
  }

  /** The schema itself, or the component a {@code $ref} names. */
  @SuppressWarnings("unchecked")
  Map<String, Object> resolve(Map<String, Object> schema) {
    while (schema != null && schema.get("$ref") instanceof String ref) {
      Object node = root;
      for (String part : ref.substring(2).split("/")) {
        node = ((Map<String, Object>) node).get(part);
      }
      schema = (Map<String, Object>) node;
    }
    return schema;
  }

  Operation operation(String method, String path) {
    return operations.stream().filter(o -> o.method().equals(method) && o.path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no operation " + method + " " + path));
  }

  /** The paths' methods in the contract. */
  Set<String> methodsOf(String path) {
    Set<String> out = new LinkedHashSet<>();
    operations.stream().filter(o -> o.path().equals(path)).forEach(o -> out.add(o.method()));
    return out;
  }
}
