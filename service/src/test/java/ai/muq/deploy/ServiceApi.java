package ai.muq.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import static org.assertj.core.api.Assertions.assertThat;


/** Calls on the service's /v1 API (api-spec/openapi.yaml) for the container tests. */
final class ServiceApi {

  static final ObjectMapper JSON = new ObjectMapper();

  private ServiceApi() {}

  /**
   * Fails the calling test when {@code POST path} is not served: an empty multipart request
   * answers 404 with no problem type of the contract's own (the contract's 404s for unknown
   * models or tracks carry their own type; Spring's "no handler" does not).
   */
  static void requireServed(ServiceContainer service, String path) throws IOException, InterruptedException {
    var empty = new Multipart();
    HttpResponse<String> response = service.send(HttpRequest.newBuilder(service.uri(path))
        .header("Content-Type", empty.contentType()).POST(empty.publisher()));
    boolean served = response.statusCode() != 404 || problemType(response).matches(
        "https://muq\\.ai/problems/(unknown-model|unknown-vocabulary|track-not-found)");
    assertThat(served).as("POST " + path + " is served (got 404 " + problemType(response) + ")").isTrue();
  }

  static String problemType(HttpResponse<String> response) {
    try {
      JsonNode node = JSON.readTree(response.body());
      return node != null && node.hasNonNull("type") ? node.get("type").asText() : "(no problem type)";
    } catch (IOException notJson) {
      return "(not JSON)";
    }
  }

  static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  static HttpResponse<String> post(ServiceContainer service, String path, Multipart form)
      throws IOException, InterruptedException {
    return service.send(HttpRequest.newBuilder(service.uri(path))
        .header("Content-Type", form.contentType()).header("Accept", "application/json")
        .POST(form.publisher()));
  }
}
