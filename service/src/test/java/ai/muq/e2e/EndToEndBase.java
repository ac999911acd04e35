package ai.muq.e2e;

import ai.muq.client.ApiClient;
import ai.muq.service.MuqServiceApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app on a random port with the tiny bundle, called through the generated client SDK (and raw
 * HTTP where a test must send what the SDK cannot: broken JSON, wrong content types). Every
 * subclass shares one application context (same configuration).
 */
@SpringBootTest(
    classes = MuqServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "muq.bundles=src/test/resources/bundles/tiny",
      "muq.inference.device=cpu",
      "muq.inference.intra-op-threads=1",
      "muq.inference.batching.max-batch-size=8",
      "muq.inference.batching.max-queue-delay=40ms",
      // These tests check answers, not shedding (LoadSheddingEndToEndTest does): a shared CI
      // machine can make a few queued clips look like seconds of work.
      "muq.inference.batching.max-queue-time=10m",
      "muq.api.max-audio-bytes=3MB",
      "muq.api.max-audio-seconds=60",
      "muq.api.max-inputs=16"
    })
abstract class EndToEndBase {

  @DynamicPropertySource
  static void freshLibrary(DynamicPropertyRegistry registry) {
    FreshLibrary.register(registry);
  }

  static final String MODEL = "muq-mulan-tiny";

  @LocalServerPort int port;

  @TempDir Path tmp;

  final HttpClient http = HttpClient.newHttpClient();

  /**
   * The SDK client; it fails on response fields the contract does not declare, so a response that
   * drifts from the contract fails the test.
   */
  ApiClient client() {
    ApiClient c = new ApiClient();
    c.updateBaseUri("http://localhost:" + port);
    c.setObjectMapper(c.getObjectMapper().copy()
        .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    return c;
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  Path file(String name, byte[] content) throws IOException {
    Path p = tmp.resolve(name);
    Files.write(p, content);
    return p;
  }
}
