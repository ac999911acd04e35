package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Probe;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.Container.ExecResult;

/**
 * The CPU image, built from docker/Dockerfile against the local base, run read-only with a tmpfs,
 * a 1.5 GiB memory limit and a library volume. One container serves every test of this class.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceImageIT {

  private String volume;
  private ServiceContainer service;

  @BeforeAll
  void startService() throws Exception {
    DockerEngine.assumeAvailable();
    volume = "muq-it-library-" + UUID.randomUUID();
    DockerEngine.client().createVolumeCmd().withName(volume).exec();
    service = ServiceContainer.start(volume, Map.of());
    System.out.printf("[deploy] figure: image size %.0f MB, cold start (container start to readiness 200) %.2f s; %s%n",
        ServiceImage.sizeBytes() / 1e6, service.coldStart().toMillis() / 1000.0, service.springStartLine());
  }

  @AfterAll
  void stopService() {
    if (service != null) {
      service.close();
    }
    if (volume != null) {
      DockerEngine.client().removeVolumeCmd(volume).exec();
    }
  }

  @Test
  void readinessLivenessAndTheChartsProbePathsAnswerOnTheChartsPort() throws Exception {
    HttpResponse<String> readiness = service.get(ActuatorPaths.READINESS);
    assertThat(readiness.statusCode()).isEqualTo(200);
    assertThat(ServiceApi.json(readiness).get("status").asText()).isEqualTo("UP");
    assertThat(service.get(ActuatorPaths.LIVENESS).statusCode()).isEqualTo(200);

    // The Helm chart's probes, as rendered, against the real image.
    Container chartContainer = HelmChartTest.container(HelmChart.render());
    assertThat(HelmChartTest.httpPort(chartContainer).getContainerPort()).isEqualTo(ServiceContainer.PORT);
    for (Probe probe : List.of(chartContainer.getStartupProbe(), chartContainer.getLivenessProbe(),
        chartContainer.getReadinessProbe())) {
      assertThat(service.get(probe.getHttpGet().getPath()).statusCode())
          .as(probe.getHttpGet().getPath()).isEqualTo(200);
    }
  }

  @Test
  void everyProcessRunsAsTheImagesNonRootUser() throws Exception {
    long uid = HelmChartTest.imageUid();
    assertThat(service.inspect().getConfig().getUser()).isEqualTo(uid + ":" + uid);
    ExecResult uids = service.container.execInContainer("sh", "-c",
        "for s in /proc/[0-9]*/status; do grep '^Uid:' \"$s\"; done");
    assertThat(uids.getExitCode()).isZero();
    List<String> lines = uids.getStdout().lines().toList();
    // The entry point shell, the JVM and this exec's shell at least.
    assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
    for (String line : lines) {
      String[] fields = line.trim().split("\\s+"); // Uid: real effective saved filesystem
      assertThat(List.of(fields).subList(1, 5)).as(line).containsOnly(String.valueOf(uid));
    }
    ExecResult java = service.container.execInContainer("sh", "-c",
        "grep -l java /proc/[0-9]*/cmdline | head -n 1");
    assertThat(java.getStdout()).as("a java process").isNotBlank();
  }

  @Test
  void rootFileSystemIsReadOnlyAndOnlyTmpAndTheLibraryAreWritable() throws Exception {
    assertThat(service.inspect().getHostConfig().getReadonlyRootfs()).isTrue();
    ExecResult app = service.container.execInContainer("sh", "-c", "touch /app/probe");
    assertThat(app.getExitCode()).isNotZero();
    assertThat(app.getStderr()).contains("Read-only file system");
    assertThat(service.container.execInContainer("sh", "-c", "touch /tmp/probe && rm /tmp/probe").getExitCode()).isZero();
    assertThat(service.container.execInContainer("sh", "-c", "touch /data/probe && rm /data/probe").getExitCode()).isZero();
    assertThat(service.inspect().getHostConfig().getMemory()).isEqualTo(ServiceContainer.MEMORY_BYTES);
  }

  @Test
  void dockerHealthcheckReportsHealthy() throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    String status = "";
    while (Instant.now().isBefore(deadline)) {
      status = service.inspect().getState().getHealth().getStatus();
      if (status.equals("healthy")) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(status).isEqualTo("healthy");
  }

  /** The README's one-liner: {@code docker run -p 8080:8080 IMAGE} serves with no other set-up. */
  @Test
  void plainDockerRunServesAtOnce() throws Exception {
    Path jar = RepoPaths.serviceJar();
    assertThat(ServiceContainer.hasDefaultBundle(jar)).as("service.jar packages bundles/default/").isTrue();
    try (var plain = ServiceContainer.startPlain()) {
      assertThat(plain.get(ActuatorPaths.READINESS).statusCode()).isEqualTo(200);
      System.out.printf("[deploy] figure: plain docker run, container start to readiness 200 %.2f s; %s%n",
          plain.coldStart().toMillis() / 1000.0, plain.springStartLine());
    }
  }

  @Test
  void embedsARealWav() throws Exception {
    ServiceApi.requireServed(service, "/v1/audio/embeddings");
    var form = new Multipart().file("file", "chord.wav", "audio/wav", TestAudio.chordWav(3.0))
        .field("model", "muq-mulan");
    HttpResponse<String> response = ServiceApi.post(service, "/v1/audio/embeddings", form);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = ServiceApi.json(response);
    assertThat(body.get("object").asText()).isEqualTo("audio.embedding");
    assertThat(body.get("kind").asText()).isEqualTo("muq-mulan");
    assertThat(body.get("duration_seconds").asDouble()).isCloseTo(3.0, within(0.05));
    JsonNode embedding = body.get("embedding");
    JsonNode data = embedding.get("data");
    assertThat(embedding.get("shape").get(0).asInt()).isEqualTo(data.size()).isGreaterThan(1);
    double norm = 0;
    for (JsonNode value : data) {
      assertThat(Double.isFinite(value.asDouble())).isTrue();
      norm += value.asDouble() * value.asDouble();
    }
    assertThat(Math.sqrt(norm)).as("joint embeddings are unit vectors").isCloseTo(1.0, within(1e-3));
  }

  @Test
  void tagsARealWav() throws Exception {
    ServiceApi.requireServed(service, "/v1/audio/tags");
    var form = new Multipart().file("file", "chord.wav", "audio/wav", TestAudio.chordWav(3.0))
        .field("labels", "piano").field("labels", "drums").field("labels", "violin")
        .field("top_k", "3").field("mode", "single");
    HttpResponse<String> response = ServiceApi.post(service, "/v1/audio/tags", form);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = ServiceApi.json(response);
    assertThat(body.get("object").asText()).isEqualTo("audio.tags");
    JsonNode tags = body.get("tags");
    assertThat(tags).hasSize(3);
    double sum = 0;
    double previous = Double.POSITIVE_INFINITY;
    for (JsonNode tag : tags) {
      assertThat(tag.get("label").asText()).isIn("piano", "drums", "violin");
      double score = tag.get("score").asDouble();
      assertThat(score).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous); // best first
      previous = score;
      sum += score;
    }
    assertThat(sum).as("single-label scores are a softmax").isCloseTo(1.0, within(1e-3));
  }

  @Test
  void exportsTheQueueDepthGaugeTheAutoscalerScalesOn() throws Exception {
    ServiceApi.requireServed(service, "/v1/audio/embeddings");
    HttpResponse<String> metrics = service.get(ActuatorPaths.PROMETHEUS);
    assertThat(metrics.statusCode()).as("the chart's ServiceMonitor scrapes " + ActuatorPaths.PROMETHEUS).isEqualTo(200);
    assertThat(metrics.body().lines())
        .as("the HPA's Pods metric (helm values autoscaling.queueDepth.metricName)")
        .anySatisfy(line -> assertThat(line).startsWith(HelmChartTest.QUEUE_DEPTH_METRIC));
  }
}
