package ai.muq.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Aggregates an ONNX Runtime profile (Chrome trace JSON) into kernel time per operator type. */
public final class OrtProfile {

  private OrtProfile() {}

  /** Microseconds of kernel time per op type, largest first. */
  public static Map<String, Long> byOpType(Path profileJson) throws IOException {
    JsonNode root = new ObjectMapper().readTree(profileJson.toFile());
    Map<String, Long> sum = new LinkedHashMap<>();
    for (JsonNode e : root) {
      if ("Node".equals(e.path("cat").asText()) && e.path("name").asText().endsWith("_kernel_time")) {
        String op = e.path("args").path("op_name").asText("?");
        sum.merge(op, e.path("dur").asLong(), Long::sum);
      }
    }
    return sum.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
  }
}
