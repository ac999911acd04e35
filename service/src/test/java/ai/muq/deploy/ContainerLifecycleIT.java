package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Stopping and restarting the CPU image: graceful SIGTERM, the library surviving on its volume. */
@Tag("slow")
class ContainerLifecycleIT {

  /** Spring's shutdown phase timeout (30 s) is the most a clean stop may take. */
  static final Duration GRACE = Duration.ofSeconds(30);

  private String volume;

  @BeforeEach
  void createVolume() {
    DockerEngine.assumeAvailable();
    volume = "muq-it-library-" + UUID.randomUUID();
    DockerEngine.client().createVolumeCmd().withName(volume).exec();
  }

  @AfterEach
  void removeVolume() {
    if (volume != null) {
      DockerEngine.client().removeVolumeCmd(volume).exec();
    }
  }

  /**
   * A request whose body is still arriving when SIGTERM comes is in flight in the servlet: the
   * container must keep running until it completes, answer it, then exit 0.
   */
  @Test
  void sigtermLetsAnInFlightRequestFinishThenExitsZero() throws Exception {
    // The loggers endpoint reads a JSON body: a request we can hold in flight at will.
    try (var service = ServiceContainer.start(volume,
        Map.of("MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE", "health,loggers"))) {
      byte[] body = "{\"configuredLevel\":\"DEBUG\"}".getBytes(StandardCharsets.US_ASCII);
      try (Socket socket = new Socket(service.container.getHost(), service.container.getMappedPort(ServiceContainer.PORT))) {
        socket.setSoTimeout((int) GRACE.toMillis());
        OutputStream out = socket.getOutputStream();
        out.write(("POST /actuator/loggers/ai.muq HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 10);
        out.flush();
        Thread.sleep(500); // the request reaches the endpoint, which waits for the rest of its body

        long signalled = System.nanoTime();
        DockerEngine.client().killContainerCmd(service.id()).withSignal("SIGTERM").exec();
        Thread.sleep(2_000);
        assertThat(service.inspect().getState().getRunning())
            .as("still running while a request is in flight").isTrue();

        out.write(body, 10, body.length - 10);
        out.flush();
        var reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        assertThat(reader.readLine()).as("the in-flight request's answer").startsWith("HTTP/1.1 204");

        Integer exitCode = DockerEngine.client().waitContainerCmd(service.id())
            .exec(new WaitContainerResultCallback())
            .awaitStatusCode(GRACE.toSeconds(), TimeUnit.SECONDS);
        Duration stopTime = Duration.ofNanos(System.nanoTime() - signalled);
        System.out.printf("[deploy] figure: SIGTERM to exit %.1f s (held 2 s by the in-flight request)%n",
            stopTime.toMillis() / 1000.0);
        assertThat(exitCode).isZero();
        assertThat(stopTime).isLessThan(GRACE);
        assertThat(service.container.getLogs()).contains("Graceful shutdown complete");
      }
    }
  }

  @Test
  void aTrackAddedIsFoundAfterANewContainerStartsOnTheSameVolume() throws Exception {
    String id = "it-restart-" + UUID.randomUUID();
    String sha;
    try (var first = ServiceContainer.start(volume, Map.of())) {
      ServiceApi.requireServed(first, "/v1/tracks");
      var form = new Multipart().file("file", "chord.wav", "audio/wav", TestAudio.chordWav(12.0))
          .part("metadata", "application/json",
              "{\"id\":\"" + id + "\",\"title\":\"A minor chord\",\"tags\":[\"test\"]}");
      HttpResponse<String> added = ServiceApi.post(first, "/v1/tracks", form);
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
      sha = ServiceApi.json(added).get("track").get("content_sha256").asText(); // answer: {outcome, track}

      DockerEngine.client().stopContainerCmd(first.id()).withTimeout((int) GRACE.toSeconds()).exec();
      assertThat(first.inspect().getState().getExitCodeLong()).isZero();
    }
    try (var second = ServiceContainer.start(volume, Map.of())) {
      HttpResponse<String> found = second.get("/v1/tracks/" + id);
      assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
      JsonNode track = ServiceApi.json(found);
      assertThat(track.get("title").asText()).isEqualTo("A minor chord");
      assertThat(track.get("content_sha256").asText()).isEqualTo(sha);
      assertThat(track.get("segment_count").asInt()).isGreaterThanOrEqualTo(1);
    }
  }
}
