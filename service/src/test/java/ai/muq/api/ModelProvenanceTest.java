package ai.muq.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import ai.muq.inference.InferenceProperties;
import ai.muq.inference.ServedModel;
import ai.muq.inference.OrtRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /v1/models} shows where an imported model's weights came from and their licence. */
class ModelProvenanceTest {

  @TempDir Path dir;

  @Test
  void modelInfoCarriesSourceAndLicence() throws Exception {
    Path tiny = Path.of("src/test/resources/bundles/tiny");
    try (Stream<Path> files = Files.list(tiny)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    BundleManifest.Source source = new BundleManifest.Source("OpenMuQ/MuQ-MuLan-large", "a".repeat(40));
    BundleManifest.read(dir).withSource(source).withLicense("CC-BY-NC-4.0", null).write(dir);
    InferenceProperties props = new InferenceProperties("cpu", 0, "EXHAUSTIVE", 0, "kNextPowerOfTwo", false, 1, 1,
        true, true, true, new InferenceProperties.Batching(8, Duration.ofMillis(20), 64, Duration.ofSeconds(60), Duration.ofSeconds(2)));
    try (ServedModel model = ServedModel.load(dir, new OrtRuntime(props), props.batching().settings(), new SimpleMeterRegistry())) {
      ModelsController.ModelInfo info = ModelsController.info(model);
      assertThat(info.source()).isEqualTo(source);
      assertThat(info.license()).isEqualTo("CC-BY-NC-4.0");
      String json = new com.fasterxml.jackson.databind.ObjectMapper()
          .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .writeValueAsString(info);
      assertThat(json).contains("\"source\":{\"repo\":\"OpenMuQ/MuQ-MuLan-large\",\"commit\":\"" + "a".repeat(40) + "\"}")
          .contains("\"license\":\"CC-BY-NC-4.0\"");
    }
    // A bundle without provenance shows neither field.
    try (ServedModel plain = ServedModel.load(tiny, new OrtRuntime(props), props.batching().settings(), new SimpleMeterRegistry())) {
      assertThat(ModelsController.info(plain).source()).isNull();
    }
  }
}
