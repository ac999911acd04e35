package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles read as text. The CUDA image cannot be built here (no CUDA base image without a
 * registry, no GPU), so its base is checked against ONNX Runtime's documented requirements.
 */
class DockerfilesTest {

  /**
   * CUDA and cuDNN major versions of ONNX Runtime's Java GPU package (onnxruntime_gpu on Maven
   * Central), per ORT version: ORT documents "CUDA 12.x, cuDNN 9.x" for its CUDA 12 packages since
   * 1.19, and the 1.29.0 jar's CUDA provider links libcudart.so.12 / libcublas.so.12. A new ORT
   * version fails here until its requirements are looked up and added.
   */
  static final Map<String, int[]> ORT_CUDA_CUDNN = Map.of("1.29", new int[] {12, 9});

  static final Pattern CUDA_TAG = Pattern.compile(
      "nvidia/cuda:(\\d+)\\.(\\d+)(?:\\.\\d+)?-cudnn(\\d*)-runtime-ubuntu\\d+\\.\\d+");

  @Test
  void cudaImageMatchesTheCudaAndCudnnOfTheOnnxRuntimeBuild() throws IOException {
    Dockerfile cuda = Dockerfile.read(RepoPaths.docker("Dockerfile.cuda"));
    String ort = rootPomProperty("onnxruntime.version");
    String ortMinor = ort.replaceAll("^(\\d+\\.\\d+).*", "$1");
    assertThat(ORT_CUDA_CUDNN).as("CUDA/cuDNN of ONNX Runtime " + ort + " looked up").containsKey(ortMinor);
    int cudaMajor = ORT_CUDA_CUDNN.get(ortMinor)[0];
    int cudnnMajor = ORT_CUDA_CUDNN.get(ortMinor)[1];

    Matcher tag = CUDA_TAG.matcher(cuda.finalStage().image());
    assertThat(tag.matches()).as("final stage base " + cuda.finalStage().image()).isTrue();
    assertThat(Integer.parseInt(tag.group(1))).as("CUDA major").isEqualTo(cudaMajor);
    // NVIDIA's "-cudnn-" tags carry cuDNN 9 from CUDA 12.4 on; older ones name the major (cudnn8).
    boolean cudnn9Tag = tag.group(3).isEmpty() && (Integer.parseInt(tag.group(1)) > 12
        || Integer.parseInt(tag.group(2)) >= 4);
    int tagCudnn = tag.group(3).isEmpty() ? (cudnn9Tag ? 9 : 8) : Integer.parseInt(tag.group(3));
    assertThat(tagCudnn).as("cuDNN major of " + tag.group()).isEqualTo(cudnnMajor);
    assertThat(Files.readString(RepoPaths.docker("Dockerfile.cuda")))
        .contains("CUDA " + cudaMajor).contains("cuDNN " + cudnnMajor).contains(ort);
  }

  @Test
  void cudaImageIsBuiltWithTheGpuProfileAndShipsOnlyAJre() throws IOException {
    Dockerfile cuda = Dockerfile.read(RepoPaths.docker("Dockerfile.cuda"));
    assertThat(cuda.stage("build").arguments("RUN")).anySatisfy(run ->
        assertThat(run).contains("./mvnw").contains("-Pgpu").contains("package").contains("-pl service"));
    // The JRE comes from the Temurin JRE image; the JDK stage is only the builder.
    assertThat(cuda.stage("jre").image()).isEqualTo("eclipse-temurin:25-jre");
    assertThat(cuda.finalStage().arguments("COPY"))
        .contains("--from=jre /opt/java/openjdk /opt/java/openjdk")
        .noneMatch(copy -> copy.contains("--from=build") && copy.contains("mvn"));
    assertCommonRuntime(cuda.finalStage());
    assertThat(cuda.finalStage().arguments("ENV")).anySatisfy(env -> assertThat(env).contains("MUQ_INFERENCE_DEVICE=cuda"));
  }

  /** The Maven build inside the CUDA image sees every module pom and every sibling directory
   * the service's build reads (e.g. ../api-spec for the SDK and the served contract). */
  @Test
  void cudaBuildStageCopiesWhatTheMavenBuildReads() throws IOException {
    var copies = Dockerfile.read(RepoPaths.docker("Dockerfile.cuda")).stage("build").arguments("COPY");
    String rootPom = Files.readString(RepoPaths.root().resolve("pom.xml"));
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(rootPom);
    while (module.find()) {
      String name = module.group(1).strip();
      assertThat(copies).as("module " + name).anySatisfy(copy ->
          assertThat(copy).matches("(?s)" + Pattern.quote(name) + "/(pom\\.xml)? .*"));
    }
    Matcher sibling = Pattern.compile("\\$\\{project\\.basedir}/\\.\\./([\\w.-]+)")
        .matcher(Files.readString(RepoPaths.root().resolve("service/pom.xml")));
    while (sibling.find()) {
      String dir = sibling.group(1);
      assertThat(copies).as("../" + dir + " read by service/pom.xml").contains(dir + "/ " + dir + "/");
      assertThat(Files.readString(RepoPaths.root().resolve(".dockerignore"))).contains("!" + dir + "/");
    }
  }

  @Test
  void serviceGpuProfileSwapsInTheCudaBuildOfOnnxRuntime() throws IOException {
    String pom = Files.readString(RepoPaths.root().resolve("service/pom.xml"));
    assertThat(pom).contains("<id>gpu</id>");
    Matcher artifact = Pattern.compile(
        "<groupId>com\\.microsoft\\.onnxruntime</groupId>\\s*<artifactId>\\$\\{([\\w.]+)}</artifactId>").matcher(pom);
    assertThat(artifact.find()).as("onnxruntime artifactId taken from a property").isTrue();
    String property = artifact.group(1);
    assertThat(pom).contains("<" + property + ">onnxruntime</" + property + ">");
    String profile = pom.substring(pom.indexOf("<id>gpu</id>"));
    assertThat(profile.substring(0, profile.indexOf("</profile>")))
        .contains("<" + property + ">onnxruntime_gpu</" + property + ">");
  }

  @Test
  void cpuImageDefaultsToTheOfficialJreAndRunsNonRootWithVolumes() throws IOException {
    Dockerfile cpu = Dockerfile.read(RepoPaths.docker("Dockerfile"));
    assertThat(cpu.globalArgs()).containsEntry("BASE_IMAGE", "eclipse-temurin:25-jre");
    assertThat(cpu.finalStage().image()).isEqualTo("eclipse-temurin:25-jre");
    assertThat(cpu.stages()).hasSize(2);
    // No "# syntax=" directive: BuildKit would pull a frontend image, impossible offline.
    assertThat(Files.readString(RepoPaths.docker("Dockerfile"))).doesNotContainPattern("(?m)^#\\s*syntax=");
    assertCommonRuntime(cpu.finalStage());
  }

  /**
   * Both images say under which licences they ship (the code's Apache-2.0 and the embedded default
   * weights' licence, read from their bundle.json) and where their source is, and carry the licence
   * files: LICENSE, NOTICE, the build's third-party list and the default model's COPYING and card.
   */
  @Test
  void imagesCarryTheirLicencesAsLabelsAndFiles() throws IOException {
    String weights = ai.muq.bundle.BundleManifest.read(
        RepoPaths.root().resolve("service/src/main/resources/bundles/default")).license();
    assertThat(weights).isNotEqualTo(ai.muq.bundle.BundleManifest.LICENSE_NOT_STATED);
    for (String file : new String[] {"Dockerfile", "Dockerfile.cuda"}) {
      Dockerfile.Stage runtime = Dockerfile.read(RepoPaths.docker(file)).finalStage();
      assertThat(runtime.arguments("LABEL")).as(file).anySatisfy(label -> assertThat(label)
          .contains("org.opencontainers.image.licenses=\"Apache-2.0 AND " + weights + "\"")
          .contains("org.opencontainers.image.source=\"${SOURCE_URL}\""));
      assertThat(runtime.arguments("ARG")).as(file).anySatisfy(arg -> assertThat(arg).startsWith("SOURCE_URL"));
      String copies = String.join("\n", runtime.arguments("COPY"));
      assertThat(copies).as(file).containsPattern("LICENSE NOTICE .*/licenses/")
          .containsPattern("service/target/classes/META-INF/THIRD-PARTY\\.txt .*/licenses/")
          .contains("bundles/default/COPYING service/src/main/resources/bundles/default/MODEL_CARD.md /licenses/default-model/");
    }
    // The CUDA image's Maven build puts LICENSE and NOTICE into its jar too.
    assertThat(Dockerfile.read(RepoPaths.docker("Dockerfile.cuda")).stage("build").arguments("COPY"))
        .anySatisfy(copy -> assertThat(copy).contains("LICENSE").contains("NOTICE"));
    assertThat(Files.readAllLines(RepoPaths.root().resolve(".dockerignore")))
        .contains("!LICENSE", "!NOTICE", "!service/target/classes/META-INF/THIRD-PARTY.txt");
    assertThat(RepoPaths.root().resolve("LICENSE")).content().contains("Apache License", "Version 2.0, January 2004");
  }

  /** Shared by both images: numeric non-root user, volumes, readiness HEALTHCHECK, entry point. */
  private static void assertCommonRuntime(Dockerfile.Stage stage) throws IOException {
    assertThat(stage.arguments("ARG")).contains("APP_UID=" + HelmChartTest.imageUid());
    assertThat(stage.arguments("USER")).containsExactly("${APP_UID}:${APP_UID}");
    assertThat(HelmChartTest.imageUid()).isPositive();
    assertThat(stage.arguments("VOLUME")).containsExactly("[\"/models\", \"/data\"]");
    assertThat(stage.arguments("EXPOSE")).containsExactly(String.valueOf(HelmChartTest.imagePort()));
    assertThat(stage.arguments("HEALTHCHECK")).singleElement().satisfies(check ->
        assertThat(check).contains("/usr/local/bin/healthcheck.sh"));
    assertThat(stage.arguments("ENV")).anySatisfy(env -> assertThat(env)
        .contains("MUQ_LIBRARY_DIR=/data").contains("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true")
        .contains("SERVER_SHUTDOWN=graceful")
        // hf: bundles and the hub cache live on the /data volume, not the (read-only) root.
        .contains("MUQ_MODEL_CACHE=/data/models").contains("HF_HOME=/data/huggingface"));
    assertThat(stage.arguments("ENTRYPOINT")).containsExactly("[\"/usr/local/bin/entrypoint.sh\"]");
  }

  private static String rootPomProperty(String name) throws IOException {
    Path pom = RepoPaths.root().resolve("pom.xml");
    Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
    assertThat(matcher.find()).as(name + " in the root pom").isTrue();
    return matcher.group(1).strip();
  }
}
