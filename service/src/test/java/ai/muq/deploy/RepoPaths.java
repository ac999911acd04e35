package ai.muq.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's deployment files are, for tests run from the service module. */
final class RepoPaths {

  private RepoPaths() {}

  /**
   * The repository root: the {@code muq.repo.root} system property (set by Maven), else the
   * nearest directory above the working directory holding {@code docker/} and {@code helm/}.
   */
  static Path root() {
    String configured = System.getProperty("muq.repo.root");
    if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (isRoot(dir)) {
        return dir;
      }
    }
    throw new IllegalStateException("repository root (with docker/ and helm/) not found above "
        + Path.of("").toAbsolutePath());
  }

  static Path docker(String file) {
    return root().resolve("docker").resolve(file);
  }

  static Path chart() {
    return root().resolve("helm").resolve("muq-service");
  }

  /** The packaged service, built by Maven's package phase before the integration tests. */
  static Path serviceJar() {
    String configured = System.getProperty("muq.service.jar");
    return configured != null ? Path.of(configured) : root().resolve("service/target/service.jar");
  }

  private static boolean isRoot(Path dir) {
    return Files.isDirectory(dir.resolve("docker")) && Files.isDirectory(dir.resolve("helm"))
        && Files.isRegularFile(dir.resolve("pom.xml"));
  }
}
