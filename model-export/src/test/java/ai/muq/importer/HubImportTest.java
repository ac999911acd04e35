package ai.muq.importer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import ai.muq.hub.StandInHub;
import ai.muq.importer.fixtures.FixtureTensor;
import ai.muq.importer.fixtures.ReleasedCheckpoints;
import ai.muq.importer.fixtures.SafetensorsWriter;
import ai.muq.importer.fixtures.TorchZipWriter;
import ai.muq.model.muq.MuqModel;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --from hf:...} end to end against the loopback stand-in hub, run as a separate
 * process so the HF_* environment is the real one: both releases convert to the same bytes as
 * {@code import --from DIR} of the same files, only what the conversion needs is downloaded, a
 * second import works offline with the hub stopped, and refusals are one line with exit 1.
 */
class HubImportTest {

  static final String CARD = "---\nlicense: cc-by-nc-4.0\ntags:\n- music\n---\n# tiny stand-in release\n";

  @TempDir static Path dir;
  static StandInHub hub;
  static Path muqDir;
  static Path mulanDir;
  static Path subs;

  @BeforeAll
  static void publish() throws IOException {
    // The released layouts, shrunk (MuQ-large-msd-iter ships both safetensors and a .bin).
    muqDir = dir.resolve("MuQ-large-msd-iter");
    List<FixtureTensor> muq =
        new ReleasedCheckpoints(1, DType.F32).muq(MuqModel.RELEASED_PREFIX, ReleaseImportTest.MUQ).tensors();
    ReleasedCheckpoints.writeJson(muqDir.resolve("config.json"), ReleasedCheckpoints.muqConfig(ReleaseImportTest.MUQ));
    SafetensorsWriter.write(muqDir.resolve("model.safetensors"), muq);
    Files.writeString(muqDir.resolve("README.md"), CARD);
    Path muqBin = dir.resolve("muq-bin/pytorch_model.bin");
    Files.createDirectories(muqBin.getParent());
    new TorchZipWriter().record("pytorch_model").addAll(muq).write(muqBin);

    mulanDir = dir.resolve("MuQ-MuLan-large");
    List<FixtureTensor> mulan = new ReleasedCheckpoints(2, DType.F32)
        .mulan(ReleaseImportTest.MUQ, ReleaseImportTest.TEXT, ReleaseImportTest.TOWERS).tensors();
    ReleasedCheckpoints.writeJson(mulanDir.resolve("config.json"), ReleasedCheckpoints.mulanConfig(
        "OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-base", ReleaseImportTest.MUQ.dim(), ReleaseImportTest.TOWERS));
    new TorchZipWriter().record("pytorch_model").addAll(mulan).write(mulanDir.resolve("pytorch_model.bin"));
    Files.writeString(mulanDir.resolve("README.md"), CARD);

    subs = dir.resolve("xlm-roberta-base");
    ReleasedCheckpoints.writeJson(subs.resolve("config.json"), ReleasedCheckpoints.textConfig(ReleaseImportTest.TEXT));
    ReleasedCheckpoints.writeTokenizer(subs.resolve("tokenizer.json"));

    hub = new StandInHub();
    hub.publishDir("OpenMuQ/MuQ-MuLan-large", mulanDir, null);
    var muqFiles = new java.util.LinkedHashMap<String, byte[]>();
    for (String f : List.of("config.json", "model.safetensors", "README.md")) {
      muqFiles.put(f, Files.readAllBytes(muqDir.resolve(f)));
    }
    muqFiles.put("pytorch_model.bin", Files.readAllBytes(muqBin));
    hub.publish("OpenMuQ/MuQ-large-msd-iter", muqFiles, null);
    hub.publish("FacebookAI/xlm-roberta-base", Map.of(
        "config.json", Files.readAllBytes(subs.resolve("config.json")),
        "tokenizer.json", Files.readAllBytes(subs.resolve("tokenizer.json")),
        "model.safetensors", new byte[5000]), null);
    hub.alias("xlm-roberta-base", "FacebookAI/xlm-roberta-base");
    hub.publishDir("OpenMuQ/Gated-MuQ", muqDir, "the-token");
    hub.publish("someone/not-muq", Map.of("config.json", "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8)), null);
  }

  @AfterAll
  static void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  record Proc(int exit, String out, String err) {}

  /** Runs {@code model-export} in a fresh JVM with exactly the given HF_* environment. */
  static Proc modelExport(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-Xmx") && !a.startsWith("-javaagent") && !a.startsWith("-agentlib")) {
        cmd.add(a);
      }
    }
    cmd.add("-Xmx1g");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("ai.muq.cli.ModelExportCli");
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("HF_"));
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("model-export did not finish");
    }
    // The JVM's own notice about the incubator module the test JVM flags enable is not ours.
    String errors = Files.readString(err).lines()
        .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
        .collect(java.util.stream.Collectors.joining("\n"));
    return new Proc(p.exitValue(), Files.readString(out), errors);
  }

  static Map<String, String> env(Path cache, String... more) {
    var m = new java.util.HashMap<String, String>();
    m.put("HF_ENDPOINT", hub.endpoint().toString());
    m.put("HF_HUB_CACHE", cache.toString());
    m.put("HF_HOME", dir.resolve("hf-home").toString());
    for (int i = 0; i < more.length; i += 2) {
      m.put(more[i], more[i + 1]);
    }
    return m;
  }

  /** Every bundle file equal byte for byte; bundle.json equal except the recorded source. */
  static void assertSameBundle(Path fromHub, Path fromDir) throws IOException {
    BundleManifest a = BundleManifest.read(fromHub);
    BundleManifest b = BundleManifest.read(fromDir);
    a.verify(fromHub);
    assertThat(a.files().keySet()).isEqualTo(b.files().keySet()).isNotEmpty();
    for (String f : a.files().keySet()) {
      assertThat(Files.mismatch(fromHub.resolve(f), fromDir.resolve(f))).as(f).isEqualTo(-1L);
    }
    assertThat(b.source()).isNull();
    assertThat(a.withSource(null)).isEqualTo(b);
  }

  @Test
  void muqFromTheHubEqualsTheDirectoryImportAndWorksOfflineAfterwards() throws Exception {
    Path cache = dir.resolve("cache-muq");
    Path hubBundle = dir.resolve("bundle-muq-hub");
    int before = hub.log().size();
    Proc run = modelExport(env(cache), "import", "--from", "hf:OpenMuQ/MuQ-large-msd-iter", "--out", hubBundle.toString());
    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    String commit = Files.readString(cache.resolve("models--OpenMuQ--MuQ-large-msd-iter/refs/main"));
    assertThat(run.out())
        .contains("resolved hf:OpenMuQ/MuQ-large-msd-iter to commit " + commit)
        .contains("source: hf:OpenMuQ/MuQ-large-msd-iter at commit " + commit)
        .contains("licence of the weights: CC-BY-NC-4.0");
    assertThat(run.err()).contains("model.safetensors").contains("100%");
    List<String> requests = hub.log().subList(before, hub.log().size());
    assertThat(requests).noneMatch(r -> r.contains("pytorch_model.bin")); // safetensors is enough

    BundleManifest m = BundleManifest.read(hubBundle);
    assertThat(m.source()).isEqualTo(new BundleManifest.Source("OpenMuQ/MuQ-large-msd-iter", commit));
    assertThat(m.license()).isEqualTo("CC-BY-NC-4.0");

    Path dirBundle = dir.resolve("bundle-muq-dir");
    ReleaseImportTest.Run local = ReleaseImportTest.cli("import", "--from", muqDir.toString(), "--out", dirBundle.toString());
    assertThat(local.exit()).as(local.err()).isZero();
    assertSameBundle(hubBundle, dirBundle);

    // Offline: no request reaches the hub, the cache is enough.
    Path offlineBundle = dir.resolve("bundle-muq-offline");
    int requestsBefore = hub.log().size();
    Proc offline = modelExport(env(cache, "HF_HUB_OFFLINE", "1", "HF_ENDPOINT", "http://127.0.0.1:9"),
        "import", "--from", "hf:OpenMuQ/MuQ-large-msd-iter", "--out", offlineBundle.toString());
    assertThat(offline.exit()).as(offline.err() + offline.out()).isZero();
    assertThat(hub.log()).hasSize(requestsBefore);
    assertSameBundle(offlineBundle, dirBundle);
  }

  @Test
  void mulanFollowsItsSubModelsAndEqualsTheDirectoryImport() throws Exception {
    Path cache = dir.resolve("cache-mulan");
    Path hubBundle = dir.resolve("bundle-mulan-hub");
    int before = hub.log().size();
    Proc run = modelExport(env(cache), "import", "--from", "hf:OpenMuQ/MuQ-MuLan-large", "--out", hubBundle.toString());
    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    assertThat(run.out())
        .contains("resolved the audio model hf:OpenMuQ/MuQ-large-msd-iter")
        .contains("resolved the text model hf:xlm-roberta-base")
        .contains("licence of the weights: CC-BY-NC-4.0");
    List<String> requests = hub.log().subList(before, hub.log().size());
    // The legacy id resolves through the hub's redirect; only configs and the tokenizer are fetched.
    assertThat(requests).contains("GET /api/models/xlm-roberta-base/revision/main");
    assertThat(requests).anyMatch(r -> r.startsWith("GET /api/models/FacebookAI/xlm-roberta-base/revision/main"));
    assertThat(requests).noneMatch(r -> r.contains("MuQ-large-msd-iter/resolve") && !r.endsWith("/config.json"));
    assertThat(requests).noneMatch(r -> r.contains("xlm-roberta-base/resolve") && r.endsWith("model.safetensors"));
    assertThat(cache.resolve("models--xlm-roberta-base/snapshots")).isDirectory();

    Path dirBundle = dir.resolve("bundle-mulan-dir");
    ReleaseImportTest.Run local = ReleaseImportTest.cli("import", "--from", mulanDir.toString(), "--out", dirBundle.toString(),
        "--audio-config", muqDir.resolve("config.json").toString(),
        "--text-config", subs.resolve("config.json").toString(),
        "--tokenizer", subs.resolve("tokenizer.json").toString());
    assertThat(local.exit()).as(local.err()).isZero();
    assertSameBundle(hubBundle, dirBundle);
    assertThat(BundleManifest.read(hubBundle).source().repo()).isEqualTo("OpenMuQ/MuQ-MuLan-large");
  }

  /** The one error line on stderr (download progress bars may precede it). */
  static String errorLine(Proc p) {
    List<String> errors = p.err().lines().filter(l -> l.startsWith("error:")).toList();
    assertThat(errors).as(p.err()).hasSize(1);
    assertThat(p.err().strip()).endsWith(errors.getFirst());
    return errors.getFirst();
  }

  @Test
  void refusalsAreOneLineAndExitOne() throws Exception {
    Path cache = dir.resolve("cache-refusals");
    Proc gated = modelExport(env(cache), "import", "--from", "hf:OpenMuQ/Gated-MuQ", "--out", dir.resolve("g").toString());
    assertThat(gated.exit()).isEqualTo(1);
    assertThat(errorLine(gated))
        .startsWith("error: model repo 'OpenMuQ/Gated-MuQ' is gated").contains("HF_TOKEN");

    Proc unknown = modelExport(env(cache), "import", "--from", "hf:OpenMuQ/No-Such-Model", "--out", dir.resolve("u").toString());
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(errorLine(unknown))
        .startsWith("error: model repo 'OpenMuQ/No-Such-Model' not found");

    Proc notMuq = modelExport(env(cache), "import", "--from", "hf:someone/not-muq", "--out", dir.resolve("n").toString());
    assertThat(notMuq.exit()).isEqualTo(1);
    assertThat(errorLine(notMuq)).contains("is not a MuQ release");

    // With the token the gated repo imports.
    Proc allowed = modelExport(env(cache, "HF_TOKEN", "the-token"), "import", "--from", "hf:OpenMuQ/Gated-MuQ",
        "--out", dir.resolve("g2").toString());
    assertThat(allowed.exit()).as(allowed.err()).isZero();
  }
}
