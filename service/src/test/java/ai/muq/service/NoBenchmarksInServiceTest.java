package ai.muq.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks live in the benchmarks module, never in service.jar: the service module's main classes
 * (what the repackager puts under BOOT-INF/classes) hold no class whose simple name says Bench or
 * Benchmark.
 */
class NoBenchmarksInServiceTest {

  @Test
  void serviceMainClassesHoldNoBenchmark() throws Exception {
    Path classes = Path.of(MuqServiceApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).isDirectory();
    assertThat(benchmarkClasses(classes)).as("benchmark classes in the service's main classes").isEmpty();
    // the scan saw the service's own classes, so an empty answer means something
    assertThat(classes.resolve("ai/muq/service/MuqServiceApplication.class")).isRegularFile();
  }

  @Test
  void scanFindsABenchmarkClass(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("ai/muq/library"));
    Files.write(dir.resolve("ai/muq/library/TrackIndex.class"), new byte[0]);
    Files.write(dir.resolve("ai/muq/library/IndexBenchmark.class"), new byte[0]);
    Files.write(dir.resolve("ai/muq/library/IndexBenchmark$Data.class"), new byte[0]);
    Files.write(dir.resolve("ai/muq/library/AudioBench.class"), new byte[0]);
    assertThat(benchmarkClasses(dir)).containsExactlyInAnyOrder("ai/muq/library/AudioBench.class", "ai/muq/library/IndexBenchmark.class",
        "ai/muq/library/IndexBenchmark$Data.class");
  }

  /** Class files under {@code root} whose simple (outer or nested) name contains Bench. */
  static List<String> benchmarkClasses(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".class"))
          .filter(f -> f.getFileName().toString().contains("Bench"))
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
