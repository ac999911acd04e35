package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript SDK (@muq/client) against the running app, as a user gets it: the tarball the
 * api-spec module packed is installed with npm into a fresh folder, and a small ESM script
 * (src/test/resources/sdk/typescript-sdk-e2e.mjs) calls models, text and audio embeddings, tags,
 * add track, search and an error through it under node.
 */
class TypeScriptSdkEndToEndTest extends EndToEndBase {

  static final int RATE = 24_000;

  /** The tarball from api-spec/target (system property muq.ts-sdk.dir, set by the service pom). */
  static Path tarball() throws IOException {
    Path dir = Path.of(System.getProperty("muq.ts-sdk.dir", "../api-spec/target"));
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("muq-client-.*\\.tgz")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no muq-client-*.tgz in " + dir.toAbsolutePath()
              + ": build the api-spec module with node and npm"));
    }
  }

  static String onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, name))) {
        return Path.of(dir, name).toString();
      }
    }
    throw new IllegalStateException(name + " is not on the PATH; the TypeScript SDK needs Node.js 20+ and npm");
  }

  static String run(Path dir, List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }

  @Test
  void theInstalledPackageServesAUserScript() throws Exception {
    assumeFalse(Boolean.getBoolean("muq.sdk.typescript.skip"), "TypeScript SDK build skipped");
    Path app = Files.createDirectories(tmp.resolve("app"));
    Files.writeString(app.resolve("package.json"), "{\"name\":\"sdk-user\",\"private\":true,\"type\":\"module\"}\n");
    run(app, List.of(onPath("npm"), "install", "--no-audit", "--no-fund", "--prefer-offline",
        tarball().toAbsolutePath().toString()));
    assertThat(app.resolve("node_modules/@muq/client/dist/index.js")).exists();
    assertThat(app.resolve("node_modules/@muq/client/dist/index.d.ts")).exists();
    Path script = app.resolve("e2e.mjs");
    try (var in = getClass().getResourceAsStream("/sdk/typescript-sdk-e2e.mjs")) {
      Files.write(script, in.readAllBytes());
    }
    Path wav = file("clip.wav", Fixtures.wav16(Fixtures.music(12, RATE, 44), RATE));
    String id = "ts-sdk-" + System.nanoTime();
    List<String> cmd = new ArrayList<>(List.of(onPath("node"), script.toString(),
        "http://localhost:" + port, wav.toString(), id));
    String out = run(app, cmd);
    String last = out.strip().lines().reduce((a, b) -> b).orElseThrow();
    JsonNode r = new ObjectMapper().readTree(last);

    assertThat(r.get("models").get(0).asText()).isEqualTo(MODEL);
    assertThat(r.get("embedding_dim").asInt()).isEqualTo(32);
    assertThat(r.get("text_norm").asDouble()).isCloseTo(1.0, within(1e-3));
    assertThat(r.get("audio_dim").asInt()).isEqualTo(32);
    assertThat(r.get("audio_norm").asDouble()).isCloseTo(1.0, within(1e-3));
    assertThat(r.get("duration_seconds").asDouble()).isCloseTo(12.0, within(1e-3));
    assertThat(r.get("tag_labels")).extracting(JsonNode::asText).containsExactly("calm, slow", "drums", "piano", "violin");
    assertThat(r.get("tag_sum").asDouble()).isCloseTo(1.0, within(1e-4));
    assertThat(r.get("outcome").asText()).isEqualTo("created");
    assertThat(r.get("title").asText()).isEqualTo("Früh – Tones");
    assertThat(r.get("attributes").get("bpm").asText()).isEqualTo("90");
    assertThat(r.get("search_ids")).extracting(JsonNode::asText).containsExactly(id);
    assertThat(r.get("audio_search_ids")).extracting(JsonNode::asText).containsExactly(id);
    assertThat(r.get("audio_search_score").asDouble()).isGreaterThan(0.99);
    JsonNode problem = r.get("problem");
    assertThat(problem.get("type").asText()).isEqualTo("https://muq.ai/problems/unknown-model");
    assertThat(problem.get("status").asInt()).isEqualTo(404);
    assertThat(problem.get("http_status").asInt()).isEqualTo(404);
    assertThat(problem.get("detail").asText()).contains("no-such-model");
  }
}
