package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Node SDK ({@code openai} on npm, major version 6) against the running app:
 * models.list and models.retrieve, embeddings in base64 (the SDK's default) and float with
 * {@code user}, {@code dimensions} honoured only at the model's size and refused otherwise, token
 * arrays refused, an audio data URI. The SDK is installed into a temp folder with npm (registry or
 * npm's cache). Without node and npm the test skips, saying why; CI installs them and sets
 * {@code MUQ_REQUIRE_NODE=true}, which turns the skip into a failure.
 */
class OpenAiSdkEndToEndTest extends EndToEndBase {

  static final String SDK = "openai@6.49.0";

  @Test
  void officialSdkSeesAnOpenAiCompatibleService() throws Exception {
    Path node = onPath("node");
    Path npm = onPath("npm");
    boolean required = "true".equals(System.getenv("MUQ_REQUIRE_NODE"));
    if (node == null || npm == null) {
      assertThat(required).as("MUQ_REQUIRE_NODE=true but node or npm is not on the PATH").isFalse();
      System.out.println("SKIPPED: node and npm are needed (apt-get install nodejs npm)");
    }
    assumeTrue(node != null && npm != null, "node and npm are not installed");

    Path dir = tmp.resolve("sdk");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("package.json"), "{\"private\":true,\"type\":\"module\"}");
    try (InputStream in = getClass().getResourceAsStream("/openai-sdk/check.mjs")) {
      Files.copy(in, dir.resolve("check.mjs"));
    }
    run(dir, 300, npm.toString(), "install", "--no-audit", "--no-fund", "--silent", SDK);
    Path wav = file("clip.wav", Fixtures.wav16(Fixtures.music(3, 24_000, 2), 24_000));
    String out = run(dir, 120, node.toString(), "check.mjs", "http://127.0.0.1:" + port + "/v1", MODEL,
        wav.toString());
    JsonNode r = new ObjectMapper().readTree(out.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no JSON from the SDK script: " + out)));

    assertThat(r.get("listIds").toString()).contains(MODEL);
    JsonNode m = r.get("retrieved");
    assertThat(m.get("id").asText()).isEqualTo(MODEL);
    assertThat(m.get("object").asText()).isEqualTo("model");
    assertThat(m.get("owned_by").asText()).isEqualTo("muq");
    long now = System.currentTimeMillis() / 1000;
    assertThat(m.get("created").asLong()).isBetween(now - 24 * 3600, now + 1);
    assertThat(r.get("retrieveUnknown").get("status").asInt()).isEqualTo(404);

    // base64 (decoded by the SDK) and float give the same unit vectors
    JsonNode b64 = r.get("base64");
    JsonNode flt = r.get("float");
    int dim = flt.get(0).size();
    assertThat(dim).isPositive();
    for (int i = 0; i < 2; i++) {
      assertThat(b64.get(i).size()).isEqualTo(dim);
      double norm = 0;
      for (int d = 0; d < dim; d++) {
        assertThat(b64.get(i).get(d).asDouble()).isCloseTo(flt.get(i).get(d).asDouble(), within(1e-6));
        norm += flt.get(i).get(d).asDouble() * flt.get(i).get(d).asDouble();
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-3));
    }
    assertThat(r.get("usage").get("prompt_tokens").asInt()).isPositive();
    assertThat(r.get("sameDimensions").asInt()).isEqualTo(dim);
    for (String refused : List.of("otherDimensions", "tokenArray", "tokenArrays")) {
      assertThat(r.get(refused).get("status").asInt()).as(refused).isEqualTo(400);
    }
    assertThat(r.get("audioLength").asInt()).isEqualTo(dim);

    // what the SDK cannot show: the problem type of those refusals
    var p = BadInputEndToEndTest.problem(postJson("/v1/embeddings",
        "{\"model\":\"" + MODEL + "\",\"input\":\"calm\",\"dimensions\":128}"), 400, "unsupported-parameter");
    assertThat(p.get("detail").asText()).contains("128");
  }

  static Path onPath(String name) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isBlank() && Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name);
      }
    }
    return null;
  }

  static String run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    Path log = dir.resolve("process-" + System.nanoTime() + ".log");
    Thread pump = Thread.ofVirtual().start(() -> {
      try (InputStream in = p.getInputStream()) {
        Files.copy(in, log);
      } catch (IOException ignored) {
        // the process died: its exit status says so
      }
    });
    boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    pump.join(5_000);
    String out = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    assertThat(done).as(String.join(" ", command) + " finished within " + timeoutSeconds + " s: " + out).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    return out;
  }
}
