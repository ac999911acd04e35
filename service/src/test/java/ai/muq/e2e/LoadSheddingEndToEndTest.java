package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.service.MuqServiceApplication;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The latency budget sheds load through the whole stack: with a 1 ns budget, a request arriving
 * while another's clip waits in the audio queue (held there by a 2 s batching delay) expects a wait
 * over the budget and gets 503 {@code overloaded} with Retry-After without being queued (its clip
 * never runs); once the queue has drained, requests are admitted again. No wall-clock assertion:
 * the shared test machine may stall any request for seconds.
 */
@SpringBootTest(
    classes = MuqServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "muq.bundles=src/test/resources/bundles/tiny",
      "muq.inference.device=cpu",
      "muq.inference.intra-op-threads=1",
      "muq.inference.batching.max-batch-size=2",
      "muq.inference.batching.max-queue-delay=2s",
      "muq.inference.batching.max-queue-time=1ns",
      "muq.library.dir=target/e2e-shedding-library"
    })
class LoadSheddingEndToEndTest {

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;

  final HttpClient http = HttpClient.newHttpClient();

  HttpRequest audioEmbedding() {
    String uri = "data:audio/wav;base64,"
        + Base64.getEncoder().encodeToString(Fixtures.wav16(Fixtures.music(2, 24_000, 1), 24_000));
    return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/embeddings"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"muq-mulan-tiny\",\"input\":\"" + uri + "\"}")).build();
  }

  double shed() {
    return registry.find("muq.inference.rejections").tag("reason", "queue_time").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** Clips run by the audio graph so far. */
  double clipsRun() {
    return registry.find("muq.inference.batch.size").tag("graph", "mulan_audio").summaries().stream()
        .mapToDouble(d -> d.totalAmount()).sum();
  }

  @Test
  void aRequestBehindQueuedWorkIsShedAtOnceAndLaterAdmitted() throws Exception {
    double shedBefore = shed();
    double clipsBefore = clipsRun();
    CompletableFuture<HttpResponse<String>> first =
        http.sendAsync(audioEmbedding(), HttpResponse.BodyHandlers.ofString());
    Thread.sleep(500); // the first clip now waits up to 2 s for company in the batcher
    HttpResponse<String> second = http.send(audioEmbedding(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> firstDone = first.get(60, TimeUnit.SECONDS);

    // One of the two (the later one, unless the machine delayed the first by half a second) was shed.
    List<HttpResponse<String>> both = List.of(firstDone, second);
    assertThat(both).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 503);
    HttpResponse<String> refused = both.stream().filter(r -> r.statusCode() == 503).findFirst().orElseThrow();
    assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    assertThat(new ObjectMapper().readTree(refused.body()).get("type").asText())
        .isEqualTo("https://muq.ai/problems/overloaded");
    assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
        s -> assertThat(Long.parseLong(s)).isPositive());
    assertThat(shed() - shedBefore).isEqualTo(1.0);
    // refused before queueing: only the accepted request's one clip was run
    assertThat(clipsRun() - clipsBefore).isEqualTo(1.0);

    // drained: admitted again
    assertThat(http.send(audioEmbedding(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }
}
