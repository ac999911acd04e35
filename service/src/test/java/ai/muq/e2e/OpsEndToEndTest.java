package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.client.EmbeddingInput;
import ai.muq.client.api.EmbeddingsApi;
import ai.muq.client.model.EmbeddingRequest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Probes, Prometheus metrics and request ids. */
class OpsEndToEndTest extends EndToEndBase {

  @Test
  void livenessAndReadinessAreUpAfterWarmup() throws Exception {
    assertThat(get("/actuator/health/liveness").body()).contains("\"UP\"");
    assertThat(get("/actuator/health/readiness").body()).contains("\"UP\"");
  }

  @Test
  void prometheusExposesTheServiceMetrics() throws Exception {
    new EmbeddingsApi(client()).createEmbeddings(new EmbeddingRequest().model(MODEL).input(EmbeddingInput.of("piano")));
    String metrics = get("/actuator/prometheus").body();
    assertThat(metrics)
        .contains("muq_inference_queue_depth{graph=\"mulan_audio\",model=\"" + MODEL + "\"}")
        .contains("muq_inference_batch_size_bucket{graph=\"mulan_text\"")
        .contains("muq_inference_batch_duration_seconds_bucket")
        .contains("muq_inference_rejections_total{graph=\"mulan_audio\",model=\"" + MODEL + "\",reason=\"queue_full\"}")
        .contains("muq_inference_execution_provider{model=\"" + MODEL + "\",provider=\"CPU\"} 1.0")
        .contains("muq_api_request_duration_seconds_bucket{endpoint=\"embeddings\",model=\"" + MODEL + "\",outcome=\"success\"")
        .contains("http_server_requests_seconds_bucket");
  }

  @Test
  void requestIdsAreEchoedOrMade() throws Exception {
    HttpResponse<String> given = http.send(HttpRequest.newBuilder(uri("/v1/models"))
        .header("X-Request-Id", "abc-123").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(given.headers().firstValue("X-Request-Id")).hasValue("abc-123");
    HttpResponse<String> made = get("/v1/models");
    assertThat(made.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
    HttpResponse<String> hostile = http.send(HttpRequest.newBuilder(uri("/v1/models"))
        .header("X-Request-Id", "bad id with spaces").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(hostile.headers().firstValue("X-Request-Id")).hasValueSatisfying(
        id -> assertThat(id).doesNotContain(" "));
  }

  @Test
  void noAuthOrCorsByDefault() throws Exception {
    assertThat(get("/v1/models").statusCode()).isEqualTo(200);
    HttpResponse<String> pre = http.send(HttpRequest.newBuilder(uri("/v1/models"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "GET").build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
