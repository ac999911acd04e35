package ai.muq.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user relies on to know the licences: the build's third-party check really refuses GPL,
 * AGPL and unlicensed jars, the list it wrote for this module stays on the allow-list, the default
 * model's stated licence is the one its recipe writes, and audio fixtures say their licence.
 */
class LicensingTest {

  private static final Path ROOT = RepoPaths.root();

  /** The allow-list of the root pom (license-maven-plugin's includedLicenses). */
  static List<String> allowedLicences() throws IOException {
    Matcher m = Pattern.compile("<includedLicense>([^<]+)</includedLicense>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).strip());
    }
    return out;
  }

  /**
   * A project inheriting the root pom's check with a GPL-3.0, an AGPL-3.0 and an unlicensed jar
   * fails its build at generate-resources and names each of them. It runs Maven offline on a
   * local repository of its own (the fixtures) chained to the outer build's (read-only).
   */
  @Test
  void buildFailsNamingGplAgplAndUnlicensedJars(@TempDir Path tmp) throws Exception {
    Path repo = tmp.resolve("repo");
    fixture(repo, "gpl-fixture", "GNU General Public License v3.0");
    fixture(repo, "agpl-fixture", "GNU Affero General Public License v3.0");
    fixture(repo, "unlicensed-fixture", null);
    Path project = Files.createDirectories(tmp.resolve("project"));
    String parent = project.relativize(ROOT.resolve("pom.xml")).toString();
    Files.writeString(project.resolve("pom.xml"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>ai.muq</groupId><artifactId>muq-parent</artifactId><version>0.1.0-SNAPSHOT</version>
            <relativePath>%s</relativePath>
          </parent>
          <artifactId>licence-check-fixture</artifactId>
          <dependencies>
            <dependency><groupId>com.microsoft.onnxruntime</groupId><artifactId>onnxruntime</artifactId></dependency>
            <dependency><groupId>org.example</groupId><artifactId>gpl-fixture</artifactId><version>1.0</version></dependency>
            <dependency><groupId>org.example</groupId><artifactId>agpl-fixture</artifactId><version>1.0</version></dependency>
            <dependency><groupId>org.example</groupId><artifactId>unlicensed-fixture</artifactId><version>1.0</version></dependency>
          </dependencies>
          <build><plugins><plugin>
            <groupId>org.codehaus.mojo</groupId><artifactId>license-maven-plugin</artifactId>
          </plugin></plugins></build>
        </project>
        """.formatted(parent));
    String localRepo = System.getProperty("muq.maven.repo.local",
        Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
    Path log = tmp.resolve("maven.log");
    ProcessBuilder pb = new ProcessBuilder(ROOT.resolve("mvnw").toString(), "-B", "-o", "-Dstyle.color=never",
        "-f", project.resolve("pom.xml").toString(), "-Dmaven.repo.local=" + repo,
        "-Dmaven.repo.local.tail=" + localRepo, "generate-resources")
        .directory(project.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("MAVEN_OPTS", "-Xmx512m");
    Process maven = pb.start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("nested Maven finished").isTrue();
    String out = Files.readString(log);
    assertThat(out).as(out).contains("BUILD FAILURE").contains("forbidden licenses");
    assertThat(maven.exitValue()).isNotZero();
    assertThat(out)
        .contains("License: 'GNU General Public License v3.0' used by 1 dependencies", "org.example:gpl-fixture:1.0")
        .contains("License: 'GNU Affero General Public License v3.0' used by", "org.example:agpl-fixture:1.0")
        .contains("org.example:unlicensed-fixture:1.0")
        .doesNotContain("License: 'MIT' used by");
  }

  /** A jar and a pom of org.example:NAME:1.0 in a local repository layout. */
  private static void fixture(Path repo, String name, String licence) throws IOException {
    Path dir = Files.createDirectories(repo.resolve("org/example").resolve(name).resolve("1.0"));
    String licences = licence == null ? ""
        : "<licenses><license><name>" + licence + "</name></license></licenses>";
    Files.writeString(dir.resolve(name + "-1.0.pom"), """
        <project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
          <groupId>org.example</groupId><artifactId>%s</artifactId><version>1.0</version>%s
        </project>
        """.formatted(name, licences));
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(dir.resolve(name + "-1.0.jar")))) {
      jar.finish();
    }
  }

  /**
   * The list this module's build wrote (it goes into service.jar's META-INF) names every runtime
   * dependency with at least one allowed licence, and ONNX Runtime as MIT.
   */
  @Test
  void thirdPartyListOfTheServiceStaysOnTheAllowList() throws IOException {
    Path list = ROOT.resolve("service/target/classes/META-INF/THIRD-PARTY.txt");
    assertThat(list).as("generated by the build at generate-resources").exists();
    List<String> allowed = allowedLicences();
    assertThat(allowed).contains("Apache-2.0", "MIT").noneMatch(l -> l.matches("(A?GPL|GPL).*"));
    List<String> entries = Files.readAllLines(list, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("     (")).toList();
    assertThat(entries).hasSizeGreaterThan(20)
        .anySatisfy(e -> assertThat(e).startsWith("     (MIT) onnx-runtime (com.microsoft.onnxruntime:onnxruntime"));
    // "     (Licence A) (Licence B) Name (group:artifact:version - url)": the leading groups.
    Pattern leading = Pattern.compile("^\\s*((?:\\([^()]+\\) )+)");
    for (String entry : entries) {
      Matcher lead = leading.matcher(entry);
      assertThat(lead.find()).as(entry).isTrue();
      List<String> named = Pattern.compile("\\(([^()]+)\\)").matcher(lead.group(1)).results()
          .map(r -> r.group(1)).toList();
      assertThat(named).as(entry).anyMatch(allowed::contains);
    }
  }

  /** The default bundle states the licence its recipe passes to export, with the licence texts. */
  @Test
  void defaultBundleStatesTheLicenceItsRecipeWrites() throws IOException {
    Path bundle = ROOT.resolve("service/src/main/resources/bundles/default");
    BundleManifest m = BundleManifest.read(bundle);
    String recipe = Files.readString(ROOT.resolve("model-export/recipes/default-model.sh"));
    assertThat(recipe).contains("LICENSE=\"" + m.license() + "\"")
        .contains("LICENSE_NOTES=\"" + m.licenseNotes() + "\"")
        .contains("--license \"$LICENSE\" --license-notes \"$LICENSE_NOTES\"");
    assertThat(m.license()).startsWith("GPL-2.0-only");
    assertThat(bundle.resolve("COPYING")).content()
        .contains("GNU GENERAL PUBLIC LICENSE", "Version 2, June 1991", "Drascula");
    assertThat(bundle.resolve("MODEL_CARD.md")).content().contains("## Licence of the weights", m.license());
  }

  /** Every test resource folder holding audio has a README stating the audio's licence. */
  @Test
  void audioFixturesCarryAReadmeWithTheirLicence() throws IOException {
    Pattern audio = Pattern.compile("(?i).*\\.(wav|ogg|mp3|flac|opus|m4a|aiff?)$");
    List<Path> dirs;
    try (Stream<Path> files = Files.walk(ROOT.resolve("service/src/test/resources"))) {
      dirs = files.filter(f -> audio.matcher(f.getFileName().toString()).matches())
          .map(Path::getParent).distinct().toList();
    }
    assertThat(dirs).isNotEmpty();
    for (Path dir : dirs) {
      assertThat(dir.resolve("README.md")).as(dir.toString()).exists();
      assertThat(dir.resolve("README.md")).content().containsPattern("(?i)licen[cs]e");
    }
  }
}
