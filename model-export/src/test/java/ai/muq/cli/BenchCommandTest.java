package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import ai.muq.audio.WavWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench} end to end on the tiny configuration with short clips (figures, not timings, are checked). */
class BenchCommandTest {

  @TempDir Path dir;

  @Test
  void printsThroughputPrecisionAndSettingsFigures() throws Exception {
    Path out = dir.resolve("bench.md");
    // a small labelled manifest: each precision variant's probe accuracy is reported
    List<String> lines = new ArrayList<>();
    Random noise = new Random(2);
    for (int i = 0; i < 8; i++) {
      float[] x = new float[24_000];
      for (int k = 0; k < x.length; k++) {
        x[k] = i % 2 == 0 ? (float) (0.5 * Math.sin(2 * Math.PI * (300 + 40 * i) * k / 24_000.0)) : (float) (0.2 * noise.nextGaussian());
      }
      WavWriter.write(dir.resolve("t" + i + ".wav"), x, 24_000);
      lines.add("{\"path\": \"t" + i + ".wav\", \"split\": \"" + (i < 4 ? "train" : "test")
          + "\", \"labels\": {\"lead_instrument\": \"" + (i % 2 == 0 ? "sine" : "noise") + "\"}}");
    }
    Path manifest = dir.resolve("m.jsonl");
    Files.write(manifest, lines);
    int code = ModelExportCli.commandLine().execute(
        "bench", "--configs", "tiny", "--batch-sizes", "1,2", "--clip-seconds", "1", "--repeats", "1",
        "--warmup", "0", "--matmul-size", "256", "--eval-manifest", manifest.toString(), "--out", out.toString());
    assertThat(code).isZero();
    JsonNode r = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertThat(r.path("matmul").path("gflops_start").asDouble()).isPositive();
    assertThat(r.path("throughput")).hasSize(2);
    for (JsonNode t : r.path("throughput")) {
      assertThat(t.path("audio_seconds_per_second").asDouble()).isPositive();
      assertThat(t.path("gflops").asDouble()).isPositive();
      assertThat(t.path("fraction_of_matmul").asDouble()).isPositive();
    }
    assertThat(r.path("throughput").get(1).path("gflop_per_run").asDouble())
        .isCloseTo(2 * r.path("throughput").get(0).path("gflop_per_run").asDouble(), org.assertj.core.data.Offset.offset(1e-9));
    JsonNode p = r.path("precision");
    assertThat(p).hasSize(4);
    assertThat(p.get(0).path("variant").asText()).isEqualTo("fp32");
    assertThat(p.get(0).path("max_abs_diff").asDouble()).isZero();
    assertThat(p.get(1).path("variant").asText()).isEqualTo("fp16-weights");
    assertThat(p.get(1).path("rel_max_diff").asDouble()).isLessThan(0.01);
    assertThat(p.get(1).path("encoder_bytes").asLong()).isLessThan(p.get(0).path("encoder_bytes").asLong());
    assertThat(p.get(2).path("variant").asText()).isEqualTo("int8");
    assertThat(p.get(2).path("rel_max_diff").asDouble()).isGreaterThan(0).isLessThan(0.1);
    assertThat(p.get(3).path("variant").asText()).isEqualTo("int8+conv");
    assertThat(p.get(3).path("rel_max_diff").asDouble()).isGreaterThan(0).isLessThan(0.15);
    for (JsonNode v : p) {
      assertThat(v.path("probe_accuracy").path("lead_instrument").asDouble(-1)).isBetween(0.0, 1.0);
    }
    assertThat(r.path("optimization_levels")).hasSize(4);
    assertThat(r.path("threads").size()).isPositive();
    assertThat(r.path("recommended").has("optimization_level")).isTrue();
    assertThat(r.path("cuda").asText()).isNotBlank();
    assertThat(Files.readString(out)).contains("Encoder throughput", "Precision", "Recommended service defaults");
  }
}
