package ai.muq.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.muq.hub.DownloadProgress;
import ai.muq.hub.HubClient;
import ai.muq.hub.HubRef;
import ai.muq.hub.HubSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code muq.bundles=hf:...}: the bundle converted from a hub model is found in {@code
 * muq.model-cache} by repo and commit; a revision seen before needs no request (the hub here is an
 * unreachable port, so any request would fail the start). Conversion itself: HubConversionTest.
 */
class HubBundlesTest {

  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
  static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  @TempDir Path cache;
  @TempDir Path hfCache;

  HubBundles bundles() {
    HubSettings s = new HubSettings(NOWHERE, null, hfCache, false);
    return new HubBundles(cache, new HubClient(s, DownloadProgress.lines(l -> {}), l -> {}), l -> {});
  }

  void placeConvertedBundle() throws IOException {
    Path dir = cache.resolve("models--OpenMuQ--MuQ-MuLan-large/bundles/" + COMMIT);
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(TinyBundleTest.TINY)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    Files.createDirectories(cache.resolve("models--OpenMuQ--MuQ-MuLan-large/refs"));
    Files.writeString(cache.resolve("models--OpenMuQ--MuQ-MuLan-large/refs/main"), COMMIT);
  }

  @Test
  void aKnownRevisionIsServedWithoutAnyRequest() throws Exception {
    placeConvertedBundle();
    assertThat(bundles().locate(HubRef.parse("hf:OpenMuQ/MuQ-MuLan-large")))
        .isEqualTo(cache.resolve("models--OpenMuQ--MuQ-MuLan-large/bundles/" + COMMIT));
    assertThat(bundles().locate(HubRef.parse("hf:OpenMuQ/MuQ-MuLan-large@" + COMMIT))).isDirectory();

    try (ModelRegistry registry = new ModelRegistry(
        new BundleProperties(List.of("hf:OpenMuQ/MuQ-MuLan-large"), cache.toString()),
        TinyBundleTest.cpu(), new OrtRuntime(TinyBundleTest.cpu()), new SimpleMeterRegistry(),
        new HubSettings(NOWHERE, null, hfCache, false))) {
      assertThat(registry.models()).hasSize(1);
      assertThat(registry.models().getFirst().hasMulan()).isTrue();
    }
  }

  @Test
  void aMissingBundleWithTheHubUnreachableIsOneClearLineAndNoStart() throws Exception {
    placeConvertedBundle();
    Files.writeString(cache.resolve("models--OpenMuQ--MuQ-MuLan-large/refs/main"), "f".repeat(40));
    assertThatThrownBy(() -> bundles().locate(HubRef.parse("hf:OpenMuQ/MuQ-MuLan-large")))
        .hasMessageContaining("cannot reach the hub at http://127.0.0.1:9")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> bundles().locate(HubRef.parse("hf:OpenMuQ/MuQ-large-msd-iter")))
        .hasMessageContaining("cannot reach the hub at http://127.0.0.1:9");
    assertThatThrownBy(() -> new ModelRegistry(
            new BundleProperties(List.of("hf:OpenMuQ/MuQ-MuLan-large"), cache.toString()),
            TinyBundleTest.cpu(), new OrtRuntime(TinyBundleTest.cpu()), new SimpleMeterRegistry(),
            new HubSettings(NOWHERE, null, hfCache, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot serve hf:OpenMuQ/MuQ-MuLan-large");
  }
}
