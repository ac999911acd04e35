package ai.muq.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The figures of one benchmark as a table, in the JSON form {@code model-export bench --include}
 * gathers into its report: the service and library benchmarks write it, the report reads it.
 *
 * @param title section title
 * @param command how the figures were made, or null
 * @param machine where they were made, or null ({@link #thisMachine()} describes this one)
 * @param columns column names
 * @param rows one list of values per row, in column order
 * @param notes sentences printed under the table
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MeasuredFigures(
    String title, String command, String machine, List<String> columns, List<List<Object>> rows, List<String> notes) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public MeasuredFigures {
    if (title == null || title.isBlank() || columns == null || columns.isEmpty() || rows == null) {
      throw new IllegalArgumentException("benchmark figures need a title, columns and rows");
    }
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, JSON.writeValueAsString(this));
  }

  public static MeasuredFigures read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), MeasuredFigures.class);
    } catch (IllegalArgumentException | com.fasterxml.jackson.databind.JsonMappingException e) {
      throw new IOException(file + ": an included benchmark needs title, columns and rows", e);
    }
  }

  /** Cores, memory, CPU model and JVM of this machine. */
  public static String thisMachine() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse(cpu);
    } catch (IOException | RuntimeException e) {
      // not Linux: the core count and JVM still say enough
    }
    long memory = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getTotalMemorySize() >> 30;
    return "%d cores (%s), %d GiB, Java %s".formatted(Runtime.getRuntime().availableProcessors(), cpu, memory,
        Runtime.version());
  }
}
