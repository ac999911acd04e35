package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docker/compose.yaml brought up with Debian's docker-compose; the GPU variant's merged config. */
@Tag("slow")
class ComposeIT {

  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  @Test
  void composeServesTheImageOnTheConfiguredPort() throws Exception {
    String image = ServiceImage.get();
    assumeCompose();
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String project = "muq-it-" + UUID.randomUUID().toString().substring(0, 8);
    String[] env = {"MUQ_IMAGE", image, "MUQ_HTTP_PORT", String.valueOf(port)};
    Path root = RepoPaths.root();
    List<String> compose = new ArrayList<>(List.of("docker-compose", "-f", RepoPaths.docker("compose.yaml").toString()));
    Path testBundle = root.resolve("service").resolve(ServiceContainer.TEST_BUNDLE);
    Path override = null;
    if (!ServiceContainer.hasDefaultBundle(RepoPaths.serviceJar()) && Files.isRegularFile(testBundle.resolve("bundle.json"))) {
      // Until the default bundle is packaged: the service's test bundle, added as users add bundles.
      override = Files.createTempFile("muq-compose-test-bundle", ".yaml");
      // Compose merges volumes by container path: the bundle replaces the empty models volume.
      Files.writeString(override, "services:\n  muq:\n    environment:\n      MUQ_BUNDLES: /models\n"
          + "    volumes:\n      - " + testBundle + ":/models:ro\n");
      compose.addAll(List.of("-f", override.toString()));
    }
    compose.addAll(List.of("-p", project));
    try {
      DockerEngine.run(Duration.ofMinutes(2), root, concat(compose, "up", "-d", "--no-build"), env);
      HttpClient http = HttpClient.newHttpClient();
      URI readiness = URI.create("http://127.0.0.1:" + port + ActuatorPaths.READINESS);
      Instant deadline = Instant.now().plus(READY_TIMEOUT);
      int status = -1;
      while (Instant.now().isBefore(deadline) && status != 200) {
        try {
          status = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
          Thread.sleep(200);
        }
      }
      assertThat(status).as("readiness through Compose's port mapping").isEqualTo(200);
      // Compose applied the read-only root and the library volume.
      String ps = DockerEngine.run(Duration.ofSeconds(30), root, concat(compose, "ps", "-q"), env).strip();
      var inspect = DockerEngine.client().inspectContainerCmd(ps.lines().reduce((a, b) -> b).orElseThrow()).exec();
      assertThat(inspect.getHostConfig().getReadonlyRootfs()).isTrue();
      assertThat(inspect.getMounts()).anySatisfy(m -> {
        assertThat(m.getDestination().getPath()).isEqualTo("/data");
        assertThat(m.getName()).isEqualTo(project + "_library");
      });
    } catch (AssertionError | Exception e) {
      System.out.println("[deploy] compose logs:\n"
          + DockerEngine.run(Duration.ofSeconds(30), root, concat(compose, "logs", "--no-color"), env));
      throw e;
    } finally {
      DockerEngine.run(Duration.ofMinutes(2), root, concat(compose, "down", "-v", "--timeout", "45"), env);
      if (override != null) {
        Files.delete(override);
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void gpuVariantReservesAnNvidiaGpuForTheCudaImage() throws Exception {
    DockerEngine.assumeAvailable();
    assumeCompose();
    String merged = DockerEngine.run(Duration.ofSeconds(30), RepoPaths.root(), List.of("docker-compose",
        "-f", RepoPaths.docker("compose.yaml").toString(), "-f", RepoPaths.docker("compose.gpu.yaml").toString(),
        "config"));
    Map<String, Object> config = new Yaml().load(merged);
    var service = (Map<String, Object>) ((Map<String, Object>) config.get("services")).get("muq");
    assertThat(((Map<String, Object>) service.get("build")).get("dockerfile")).isEqualTo("docker/Dockerfile.cuda");
    assertThat((Map<String, Object>) service.get("environment")).containsEntry("MUQ_INFERENCE_DEVICE", "cuda");
    var reservations = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) service.get("deploy"))
        .get("resources")).get("reservations");
    var device = ((List<Map<String, Object>>) reservations.get("devices")).getFirst();
    assertThat(device).containsEntry("driver", "nvidia").containsEntry("count", 1);
    assertThat((List<String>) device.get("capabilities")).contains("gpu");
    // Everything else of the CPU service stays: read-only root, library volume.
    assertThat(service).containsEntry("read_only", true);
    assertThat((List<String>) service.get("volumes")).anySatisfy(v -> assertThat(v).startsWith("library:/data"));
  }

  private static void assumeCompose() {
    try {
      DockerEngine.run(Duration.ofSeconds(30), RepoPaths.root(), List.of("docker-compose", "version"));
    } catch (IOException | InterruptedException | AssertionError e) {
      String reason = "docker-compose not installed (apt-get install docker-compose; .ci/run does)";
      if (Boolean.parseBoolean(System.getenv("MUQ_REQUIRE_DOCKER"))) {
        throw new AssertionError(reason, e);
      }
      System.out.println("[deploy] SKIPPED: " + reason);
      org.junit.jupiter.api.Assumptions.abort(reason);
    }
  }

  private static List<String> concat(List<String> head, String... tail) {
    var all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all;
  }
}
