package ai.muq.deploy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

/**
 * The service image run the way the docs tell users to run it: read-only root file system with a
 * tmpfs on /tmp, 1.5 GiB memory limit, the library on a named volume at /data.
 */
final class ServiceContainer implements AutoCloseable {

  static final int PORT = 8080;
  static final long MEMORY_BYTES = 1536L * 1024 * 1024;
  static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  final GenericContainer<?> container;
  private Duration coldStart;

  private ServiceContainer(GenericContainer<?> container) {
    this.container = container;
  }

  /** The tiny bundle of the service's tests, served from /models while the jar has no default one. */
  static final Path TEST_BUNDLE = Path.of("src/test/resources/bundles/tiny");

  /** Starts a hardened container on the library volume and waits until readiness answers 200. */
  static ServiceContainer start(String libraryVolume, Map<String, String> environment) throws Exception {
    return start(libraryVolume, environment, true);
  }

  /**
   * Starts the image exactly as {@code docker run -p 8080:8080 IMAGE}: no volume, no read-only
   * root, no memory limit, no extra bundle.
   */
  static ServiceContainer startPlain() throws Exception {
    return start(null, Map.of(), false);
  }

  private static ServiceContainer start(String libraryVolume, Map<String, String> environment, boolean hardened)
      throws Exception {
    Map<String, String> env = new HashMap<>(environment);
    GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(ServiceImage.get()));
    // Raw docker binds: Testcontainers' withFileSystemBind would first run an alpine container
    // to check that bind mounts work, and alpine cannot be pulled offline.
    var binds = new ArrayList<Bind>();
    Path testBundle = RepoPaths.root().resolve("service").resolve(TEST_BUNDLE);
    if (!hardened) {
      container.withExposedPorts(PORT).waitingFor(noWait());
      return started(container);
    }
    binds.add(new Bind(libraryVolume, new Volume("/data")));
    if (!hasDefaultBundle(RepoPaths.serviceJar()) && Files.isRegularFile(testBundle.resolve("bundle.json"))) {
      // Until the default bundle is packaged: serve the test bundle the way users add bundles,
      // from the models volume named by MUQ_BUNDLES.
      System.out.println("[deploy] service.jar has no default bundle yet: serving " + testBundle + " as /models/tiny");
      binds.add(new Bind(testBundle.toString(), new Volume("/models/tiny"), AccessMode.ro));
      env.putIfAbsent("MUQ_BUNDLES", "/models/tiny");
    }
    container
        .withExposedPorts(PORT)
        .withEnv(env)
        // exec: native libraries (ONNX Runtime, tokenizer) are extracted to /tmp and loaded from there.
        .withTmpFs(Map.of("/tmp", "rw,exec,nosuid,size=1g"))
        .waitingFor(noWait())
        .withCreateContainerCmdModifier(cmd -> {
          cmd.getHostConfig()
              .withReadonlyRootfs(true)
              .withMemory(MEMORY_BYTES)
              .withMemorySwap(MEMORY_BYTES)
              .withBinds(binds);
          // The image's HEALTHCHECK command, probed every second instead of every 10 s.
          cmd.withHealthcheck(new HealthCheck().withInterval(Duration.ofSeconds(1).toNanos()));
        });
    return started(container);
  }

  /** Readiness is polled by {@link #awaitReady()}, to time the cold start to 50 ms. */
  private static AbstractWaitStrategy noWait() {
    return new AbstractWaitStrategy() {
      @Override
      protected void waitUntilReady() {}
    };
  }

  private static ServiceContainer started(GenericContainer<?> container) throws Exception {
    var service = new ServiceContainer(container);
    try {
      container.start();
      service.awaitReady();
    } catch (Exception | AssertionError e) {
      System.out.println("[deploy] container log:\n" + container.getLogs());
      container.stop();
      throw e;
    }
    return service;
  }

  /** Whether the jar packages the default bundle (classpath bundles/default/bundle.json). */
  static boolean hasDefaultBundle(Path jar) throws IOException {
    try (var zip = new ZipFile(jar.toFile())) {
      return zip.getEntry("BOOT-INF/classes/bundles/default/bundle.json") != null;
    }
  }

  private void awaitReady() throws Exception {
    Instant deadline = Instant.now().plus(READY_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!inspect().getState().getRunning()) {
        throw new AssertionError("container exited with " + inspect().getState().getExitCodeLong());
      }
      try {
        if (get(ActuatorPaths.READINESS).statusCode() == 200) {
          Instant started = Instant.parse(inspect().getState().getStartedAt());
          coldStart = Duration.between(started, Instant.now());
          return;
        }
      } catch (IOException notListeningYet) {
        // The JVM is still starting.
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not ready within " + READY_TIMEOUT);
  }

  /** Container start (process start) to the first readiness 200, polled every 50 ms. */
  Duration coldStart() {
    return coldStart;
  }

  /** Spring Boot's own start report ("Started ... in X seconds (process running for Y)"). */
  String springStartLine() {
    var matcher = java.util.regex.Pattern.compile("Started \\w+ in [0-9.]+ seconds \\(process running for [0-9.]+\\)")
        .matcher(container.getLogs());
    return matcher.find() ? matcher.group() : "(no Spring start line in the log)";
  }

  URI uri(String path) {
    return URI.create("http://" + container.getHost() + ":" + container.getMappedPort(PORT) + path);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return HTTP.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
  }

  InspectContainerResponse inspect() {
    return DockerEngine.client().inspectContainerCmd(container.getContainerId()).exec();
  }

  String id() {
    return container.getContainerId();
  }

  @Override
  public void close() {
    container.stop();
  }
}
