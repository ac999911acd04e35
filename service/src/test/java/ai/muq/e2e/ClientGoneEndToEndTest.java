package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.service.MuqServiceApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Work for a client that went away is dropped: with a 3 s batching delay a request waits in the
 * queue; its client closes the connection after 300 ms; the request stops waiting and the batcher
 * skips its item (muq.inference.cancelled), while a client that stays gets its answer.
 */
@SpringBootTest(
    classes = MuqServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "muq.bundles=src/test/resources/bundles/tiny",
      "muq.inference.device=cpu",
      "muq.inference.batching.max-batch-size=64",
      "muq.inference.batching.max-queue-delay=3s",
      "muq.api.client-gone-check-interval=50ms"
    })
class ClientGoneEndToEndTest {

  @DynamicPropertySource
  static void freshLibrary(DynamicPropertyRegistry registry) {
    FreshLibrary.register(registry);
  }

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;

  private double cancelled() {
    return registry.find("muq.inference.cancelled").counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static byte[] multipart(String boundary, byte[] wav) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nmuq-mulan-tiny\r\n--"
        + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(wav);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  @Test
  void queuedWorkOfADepartedClientIsDroppedAndAStayingClientIsAnswered() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp (not Linux): detection is off here");
    byte[] body = multipart("gone0boundary", Fixtures.wav16(Fixtures.music(2, 24_000, 5), 24_000));
    double before = cancelled();
    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/audio/embeddings HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=gone0boundary\r\n"
          + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(body);
      out.flush();
      Thread.sleep(300); // the request is queued, waiting for the batch (3 s delay)
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (cancelled() <= before && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(cancelled()).as("items dropped because their caller went away").isGreaterThan(before);

    // Control: the same request from a client that waits is answered (after the batching delay).
    HttpResponse<String> ok = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/audio/embeddings"))
            .header("Content-Type", "multipart/form-data; boundary=gone0boundary")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("\"embedding\"");
    assertThat((System.nanoTime() - start) / 1e9).isGreaterThan(3.0);
  }
}
