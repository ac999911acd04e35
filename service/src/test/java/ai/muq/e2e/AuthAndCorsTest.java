package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.client.ApiClient;
import ai.muq.client.api.ModelsApi;
import ai.muq.service.MuqServiceApplication;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * API key and CORS switched on. No model is loaded here (a bundle path that does not exist is
 * refused with one log line and the service starts anyway with fail-on-no-model=false), which
 * keeps this context cheap.
 */
@SpringBootTest(
    classes = MuqServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "muq.bundles=target/no-such-bundle",
      "muq.inference.fail-on-no-model=false",
      "muq.inference.device=cpu",
      "muq.api.key=s3cret",
      "muq.api.cors.allowed-origins=https://app.example"
    })
class AuthAndCorsTest {

  @DynamicPropertySource
  static void freshLibrary(DynamicPropertyRegistry registry) {
    FreshLibrary.register(registry);
  }

  @LocalServerPort int port;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder req(String path) {
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
  }

  @Test
  void bearerKeyIsRequiredOnV1ButNotOnProbesOrTheContract() throws Exception {
    HttpResponse<String> none = send(req("/v1/models").GET());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(new ObjectMapper().readTree(none.body()).get("type").asText())
        .isEqualTo("https://muq.ai/problems/unauthorized");
    assertThat(send(req("/v1/models").header("Authorization", "Bearer wrong").GET()).statusCode()).isEqualTo(401);
    ApiClient c = new ApiClient();
    c.updateBaseUri("http://localhost:" + port);
    c.setRequestInterceptor(b -> b.header("Authorization", "Bearer s3cret"));
    assertThat(new ModelsApi(c).listModels().getData()).isEmpty();
    assertThat(send(req("/v1/openapi.yaml").GET()).statusCode()).isEqualTo(200);
    assertThat(send(req("/actuator/health/liveness").GET()).statusCode()).isEqualTo(200);
  }

  @Test
  void corsAllowsOnlyTheConfiguredOrigin() throws Exception {
    HttpResponse<String> ok = send(req("/v1/models").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://app.example").header("Access-Control-Request-Method", "GET"));
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example");
    HttpResponse<String> other = send(req("/v1/models").method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET"));
    assertThat(other.statusCode()).isEqualTo(403);
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void noModelMeansNotReadyProblems() throws Exception {
    HttpResponse<String> r = send(req("/v1/similarity").header("Authorization", "Bearer s3cret")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"queries\":[{\"text\":\"a\"}],\"candidates\":[{\"text\":\"b\"}]}")));
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
    assertThat(r.body()).contains("https://muq.ai/problems/not-ready");
  }
}
