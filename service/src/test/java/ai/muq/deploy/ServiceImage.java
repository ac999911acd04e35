package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The CPU image built from docker/Dockerfile and the packaged service.jar, once per test JVM,
 * against the local stand-in base image (docker/build-local-base.sh, which keeps an existing one).
 */
final class ServiceImage {

  static final String NAME = "muq-service:it";
  static final String LOCAL_BASE = "muq-local/temurin:25-jre";

  /** Files docker/Dockerfile copies besides the jar and docker/: the licence files of the image. */
  private static final String THIRD_PARTY = "service/target/classes/META-INF/THIRD-PARTY.txt";
  private static final String DEFAULT_MODEL = "service/src/main/resources/bundles/default/";

  private static String built;
  private static long sizeBytes;
  private static Duration buildTime;

  private ServiceImage() {}

  static synchronized String get() throws Exception {
    DockerEngine.assumeAvailable();
    if (built == null) {
      Path root = RepoPaths.root();
      Path jar = RepoPaths.serviceJar();
      assertThat(jar).as("service.jar (made by the package phase before the integration tests)").isRegularFile();
      long started = System.nanoTime();
      String baseLog = DockerEngine.run(Duration.ofMinutes(5), root,
          List.of("bash", RepoPaths.docker("build-local-base.sh").toString()));
      System.out.print(baseLog.lines().map(l -> "[deploy] " + l + "\n").reduce("", String::concat));
      // Only what the Dockerfile copies goes into the build context.
      String image = new ImageFromDockerfile(NAME, false)
          .withFileFromPath("service/target/service.jar", jar)
          .withFileFromPath("docker", root.resolve("docker"))
          .withFileFromPath("service/jvm-memory.options", root.resolve("service/jvm-memory.options"))
          .withFileFromPath("LICENSE", root.resolve("LICENSE"))
          .withFileFromPath("NOTICE", root.resolve("NOTICE"))
          .withFileFromPath(THIRD_PARTY, root.resolve(THIRD_PARTY))
          .withFileFromPath(DEFAULT_MODEL + "COPYING", root.resolve(DEFAULT_MODEL + "COPYING"))
          .withFileFromPath(DEFAULT_MODEL + "MODEL_CARD.md", root.resolve(DEFAULT_MODEL + "MODEL_CARD.md"))
          .withDockerfilePath("docker/Dockerfile")
          .withBuildArg("BASE_IMAGE", LOCAL_BASE)
          .withBuildArg("BUILD_IMAGE", LOCAL_BASE)
          .get();
      buildTime = Duration.ofNanos(System.nanoTime() - started);
      sizeBytes = DockerEngine.client().inspectImageCmd(image).exec().getSize();
      System.out.printf("[deploy] image %s built in %.1f s (base cached or made), size %.0f MB%n",
          image, buildTime.toMillis() / 1000.0, sizeBytes / 1e6);
      built = image;
    }
    return built;
  }

  static long sizeBytes() throws Exception {
    get();
    return sizeBytes;
  }
}
