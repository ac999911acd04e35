package ai.muq.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * The local Docker engine of the deployment tests. Without one they skip with the reason printed,
 * unless MUQ_REQUIRE_DOCKER=true (set by .ci/run, which starts the engine), where they fail.
 */
final class DockerEngine {

  private DockerEngine() {}

  static void assumeAvailable() {
    boolean available;
    try {
      available = DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      available = false;
    }
    if (!available) {
      String reason = "no Docker engine reachable: install docker.io and start dockerd "
          + "(.ci/run does both; see docs/deploy.md)";
      if (Boolean.parseBoolean(System.getenv("MUQ_REQUIRE_DOCKER"))) {
        fail(reason + " (MUQ_REQUIRE_DOCKER=true)");
      }
      System.out.println("[deploy] SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
  }

  static DockerClient client() {
    return DockerClientFactory.instance().client();
  }

  /** Runs a command from the repository root; returns its output, fails on a non-zero exit. */
  static String run(Duration timeout, Path workDir, List<String> command, String... environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectErrorStream(true);
    for (int i = 0; i + 1 < environment.length; i += 2) {
      builder.environment().put(environment[i], environment[i + 1]);
    }
    Process process = builder.start();
    // Read while waiting: a full pipe would block the child.
    var output = new StringBuilder();
    Thread reader = Thread.ofVirtual().start(() -> {
      try {
        output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        output.append("(output unreadable: ").append(e.getMessage()).append(')');
      }
    });
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      reader.join(5_000);
      throw new AssertionError(String.join(" ", command) + " ran over " + timeout + ":\n" + output);
    }
    reader.join();
    if (process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
    }
    return output.toString();
  }
}
