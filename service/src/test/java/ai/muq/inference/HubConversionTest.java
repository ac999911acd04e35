package ai.muq.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.muq.bundle.BundleManifest;
import ai.muq.hub.HubSettings;
import ai.muq.hub.StandInHub;
import ai.muq.importer.DType;
import ai.muq.importer.fixtures.ReleasedCheckpoints;
import ai.muq.importer.fixtures.ReleasedCheckpoints.MuqSizes;
import ai.muq.importer.fixtures.ReleasedCheckpoints.TextSizes;
import ai.muq.importer.fixtures.ReleasedCheckpoints.TowerSizes;
import ai.muq.importer.fixtures.TorchZipWriter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muq.bundles=hf:...} with nothing converted yet: the service downloads the release from a
 * loopback stand-in of the hub, converts it in-process (no libtorch on this classpath) and serves
 * it with its source and licence; a second start, with the stand-in stopped, makes no request.
 */
class HubConversionTest {

  static final MuqSizes MUQ = new MuqSizes(4, 32, 2, 2, 64, 64);
  static final TextSizes TEXT = new TextSizes(50, 32, 2, 4, 64, 40);
  static final TowerSizes TOWERS = new TowerSizes(32, 0, 2, 2, 16, 16);
  static final String CARD = "---\nlicense: cc-by-nc-4.0\n---\n# tiny stand-in release\n";

  @TempDir Path dir;
  StandInHub hub;
  String commit;

  @BeforeEach
  void publish() throws Exception {
    Path mulan = dir.resolve("release/MuQ-MuLan-large");
    ReleasedCheckpoints.writeJson(mulan.resolve("config.json"), ReleasedCheckpoints.mulanConfig(
        "OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-base", MUQ.dim(), TOWERS));
    new TorchZipWriter().record("pytorch_model")
        .addAll(new ReleasedCheckpoints(2, DType.F32).mulan(MUQ, TEXT, TOWERS).tensors())
        .write(mulan.resolve("pytorch_model.bin"));
    Files.writeString(mulan.resolve("README.md"), CARD);
    Path muqConfig = dir.resolve("release/muq-config.json");
    ReleasedCheckpoints.writeJson(muqConfig, ReleasedCheckpoints.muqConfig(MUQ));
    Path text = dir.resolve("release/xlm-roberta-base");
    ReleasedCheckpoints.writeJson(text.resolve("config.json"), ReleasedCheckpoints.textConfig(TEXT));
    ReleasedCheckpoints.writeTokenizer(text.resolve("tokenizer.json"));

    hub = new StandInHub();
    commit = hub.publishDir("OpenMuQ/MuQ-MuLan-large", mulan, null);
    hub.publish("OpenMuQ/MuQ-large-msd-iter", Map.of("config.json", Files.readAllBytes(muqConfig)), null);
    hub.publishDir("FacebookAI/xlm-roberta-base", text, null);
    hub.alias("xlm-roberta-base", "FacebookAI/xlm-roberta-base");
    hub.publish("someone/not-muq", Map.of("config.json", "{\"model_type\":\"bert\"}".getBytes(StandardCharsets.UTF_8)), null);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  ModelRegistry start(String bundle, URI endpoint, Path modelCache, Path hfCache) {
    return new ModelRegistry(
        new BundleProperties(List.of(bundle), modelCache.toString()), TinyBundleTest.cpu(),
        new OrtRuntime(TinyBundleTest.cpu()), new SimpleMeterRegistry(),
        new HubSettings(endpoint, null, hfCache, false));
  }

  @Test
  void aMissingBundleIsDownloadedConvertedAndServedThenReusedWithoutAnyRequest() throws Exception {
    Path modelCache = dir.resolve("models");
    Path hfCache = dir.resolve("hf");
    Path bundleDir = modelCache.resolve("models--OpenMuQ--MuQ-MuLan-large/bundles/" + commit);
    float[] first;
    try (ModelRegistry registry = start("hf:OpenMuQ/MuQ-MuLan-large", hub.endpoint(), modelCache, hfCache)) {
      assertThat(registry.models()).hasSize(1);
      ServedModel model = registry.models().getFirst();
      assertThat(model.dir()).isEqualTo(bundleDir.toAbsolutePath());
      assertThat(model.manifest().source()).isEqualTo(new BundleManifest.Source("OpenMuQ/MuQ-MuLan-large", commit));
      assertThat(model.manifest().license()).isEqualTo("CC-BY-NC-4.0");
      assertThat(model.hasMulan()).isTrue();
      first = model.textEmbeddings(List.of(model.tokenize("piano"))).getFirst();
      assertThat(first).hasSize(TOWERS.latent());
      assertThat(TinyBundleTest.norm(first)).isCloseTo(1.0, within(1e-4));
      float[] clip = model.clipEmbeddings(new float[model.clipSamples()]).getFirst();
      assertThat(TinyBundleTest.norm(clip)).isCloseTo(1.0, within(1e-4));
    }
    assertThat(hub.log()).anyMatch(l -> l.contains("pytorch_model.bin"));
    // Nothing half-written is left beside the bundle.
    try (var siblings = Files.list(bundleDir.getParent())) {
      assertThat(siblings.toList()).containsExactly(bundleDir);
    }

    int requests = hub.log().size();
    hub.close();
    try (ModelRegistry again = start("hf:OpenMuQ/MuQ-MuLan-large", hub.endpoint(), modelCache, hfCache)) {
      ServedModel model = again.models().getFirst();
      assertThat(model.dir()).isEqualTo(bundleDir.toAbsolutePath());
      assertThat(model.textEmbeddings(List.of(model.tokenize("piano"))).getFirst()).containsExactly(first);
    }
    assertThat(hub.log()).hasSize(requests);
  }

  @Test
  void aRepoThatCannotBeServedStopsTheStartWithOneLine() {
    Path modelCache = dir.resolve("models");
    assertThatThrownBy(() -> start("hf:someone/not-muq", hub.endpoint(), modelCache, dir.resolve("hf")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not a MuQ release")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> start("hf:OpenMuQ/Missing", hub.endpoint(), modelCache, dir.resolve("hf")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> start("hf:OpenMuQ/MuQ-MuLan-large", URI.create("http://127.0.0.1:9"), modelCache,
            dir.resolve("hf")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot reach the hub at http://127.0.0.1:9");
  }
}
