package ai.muq.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub client against the loopback stand-in: layout, resume, verification, errors, offline. */
class HubClientTest {

  @TempDir Path cache;
  StandInHub hub;
  final List<String> notices = new ArrayList<>();
  final byte[] weights = random(200_000, 1);
  final byte[] config = "{\"encoder_dim\": 32}".getBytes(StandardCharsets.UTF_8);
  String commit;

  @BeforeEach
  void start() throws IOException {
    hub = new StandInHub();
    commit = hub.publish("Owner/Model", Map.of("config.json", config, "model.safetensors", weights), null);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  HubClient client(String token, boolean offline) {
    HubSettings s = new HubSettings(hub.endpoint(), token, cache, offline);
    return new HubClient(s, DownloadProgress.lines(notices::add), notices::add);
  }

  @Test
  void downloadsIntoHuggingfaceHubsCacheLayout() throws IOException {
    HubClient c = client(null, false);
    HubClient.Revision rev = c.resolve(new HubRef("Owner/Model", "main"));
    assertThat(rev.commit()).isEqualTo(commit);
    assertThat(rev.files()).containsExactlyInAnyOrder("config.json", "model.safetensors");
    Path w = c.download("Owner/Model", commit, "model.safetensors");
    Path cfg = c.download("Owner/Model", commit, "config.json");
    assertThat(Files.readAllBytes(w)).isEqualTo(weights);
    assertThat(Files.readAllBytes(cfg)).isEqualTo(config);

    Path repo = cache.resolve("models--Owner--Model");
    assertThat(Files.readString(repo.resolve("refs/main"))).isEqualTo(commit);
    assertThat(w).isEqualTo(repo.resolve("snapshots/" + commit + "/model.safetensors"));
    assertThat(Files.isSymbolicLink(w)).isTrue();
    // LFS blobs are named by sha256, small files by their git blob sha1; links are relative.
    assertThat(Files.readSymbolicLink(w).toString())
        .isEqualTo("../../blobs/" + StandInHub.sha256(weights));
    assertThat(Files.readSymbolicLink(cfg).toString())
        .isEqualTo("../../blobs/" + StandInHub.gitSha1(config));
    assertThat(notices).anyMatch(n -> n.startsWith("downloaded model.safetensors"));

    // A verified cached file at a known commit needs no request at all.
    int before = hub.requests.get();
    assertThat(c.download("Owner/Model", commit, "model.safetensors")).isEqualTo(w);
    assertThat(hub.requests.get()).isEqualTo(before);
  }

  @Test
  void reusesACacheLaidOutByPythonTools() throws IOException {
    // What huggingface_hub leaves behind: blob named by sha256, relative link, ref.
    Path repo = cache.resolve("models--Owner--Model");
    Files.createDirectories(repo.resolve("blobs"));
    Files.write(repo.resolve("blobs").resolve(StandInHub.sha256(weights)), weights);
    Files.createDirectories(repo.resolve("snapshots").resolve(commit));
    Files.createSymbolicLink(repo.resolve("snapshots").resolve(commit).resolve("model.safetensors"),
        Path.of("../../blobs/" + StandInHub.sha256(weights)));
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), commit);
    hub.close();
    HubClient offline = client(null, true);
    HubClient.Revision rev = offline.resolve(new HubRef("Owner/Model", "main"));
    assertThat(rev.commit()).isEqualTo(commit);
    assertThat(Files.readAllBytes(offline.download("Owner/Model", commit, "model.safetensors"))).isEqualTo(weights);
  }

  @Test
  void anInterruptedDownloadResumesWithRange() throws IOException {
    HubClient c = client(null, false);
    hub.breakNextDownload(weights, 70_000);
    assertThatThrownBy(() -> c.download("Owner/Model", commit, "model.safetensors"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("broke off")
        .hasMessageContaining("run again to resume");
    Path partial = cache.resolve("models--Owner--Model/blobs/" + StandInHub.sha256(weights) + ".incomplete");
    // The server sent 70 000 bytes before dropping the connection; how many of them arrived before
    // the drop depends on the kernel's timing (a reset discards what was still in flight).
    long kept = Files.exists(partial) ? Files.size(partial) : 0;
    assertThat(kept).isLessThanOrEqualTo(70_000);
    assertThat(Files.exists(cache.resolve("models--Owner--Model/snapshots/" + commit + "/model.safetensors"))).isFalse();

    Path w = c.download("Owner/Model", commit, "model.safetensors");
    assertThat(Files.readAllBytes(w)).isEqualTo(weights);
    if (kept > 0) { // nearly always: what arrived is kept and only the rest is asked for
      assertThat(hub.log()).contains("CDN GET /blobs/" + StandInHub.sha256(weights) + " bytes=" + kept + "-");
    }
    assertThat(Files.exists(partial)).isFalse();
  }

  @Test
  void aStalledDownloadIsBrokenOffAndResumes() throws IOException {
    HubSettings s = new HubSettings(hub.endpoint(), null, cache, false);
    HubClient c = new HubClient(s, DownloadProgress.lines(notices::add), notices::add, java.time.Duration.ofSeconds(1));
    hub.stallNextDownload(weights, 50_000);
    long start = System.nanoTime();
    assertThatThrownBy(() -> c.download("Owner/Model", commit, "model.safetensors"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("nothing received for 1 s")
        .hasMessageContaining("run again to resume");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(15.0); // not the stand-in's 20 s stall
    // What arrived before the stall (all 50 000 bytes unless the machine starved the stand-in).
    Path partial = cache.resolve("models--Owner--Model/blobs/" + StandInHub.sha256(weights) + ".incomplete");
    long kept = Files.size(partial); // the stall keeps the connection open: what was sent arrives
    assertThat(kept).isPositive().isLessThanOrEqualTo(50_000);
    assertThat(Files.readAllBytes(c.download("Owner/Model", commit, "model.safetensors"))).isEqualTo(weights);
    assertThat(hub.log()).contains("CDN GET /blobs/" + StandInHub.sha256(weights) + " bytes=" + kept + "-");
  }

  @Test
  void aCorruptDownloadIsNeverUsedAndIsFetchedAgain() throws IOException {
    HubClient c = client(null, false);
    hub.corruptNextDownload(weights);
    Path w = c.download("Owner/Model", commit, "model.safetensors");
    assertThat(Files.readAllBytes(w)).isEqualTo(weights);
    assertThat(notices).anyMatch(n -> n.contains("does not match the hub's ETag") && n.contains("fetching it again"));
  }

  @Test
  void aDamagedCachedBlobIsRefusedAndFetchedAgain() throws IOException {
    HubClient c = client(null, false);
    Path w = c.download("Owner/Model", commit, "model.safetensors");
    Path blob = w.getParent().resolve(Files.readSymbolicLink(w));
    byte[] damaged = weights.clone();
    damaged[123] ^= 1;
    Files.write(blob, damaged);

    // Offline, a damaged file is refused and not replaced.
    assertThatThrownBy(() -> client(null, true).download("Owner/Model", commit, "model.safetensors"))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("HF_HUB_OFFLINE");
    assertThat(notices).anyMatch(n -> n.contains("is damaged") && n.contains("not used"));

    assertThat(Files.readAllBytes(c.download("Owner/Model", commit, "model.safetensors"))).isEqualTo(weights);
  }

  @Test
  void gatedAndUnknownReposAreOneClearLine() throws IOException {
    hub.publish("Owner/Gated", Map.of("config.json", config, "model.safetensors", weights), "secret");
    assertThatThrownBy(() -> client(null, false).resolve(new HubRef("Owner/Gated", "main")))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("Owner/Gated")
        .hasMessageContaining("gated")
        .hasMessageContaining("HF_TOKEN")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> client("wrong", false).resolve(new HubRef("Owner/Gated", "main")))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("403");
    assertThatThrownBy(() -> client(null, false).resolve(new HubRef("Owner/Missing", "main")))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("'Owner/Missing' not found");
    assertThatThrownBy(() -> client(null, false).resolve(new HubRef("Owner/Model", "v9")))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("revision 'v9' not found");

    // With the token: the hub gets it, the blob storage (another origin) does not (it answers 400).
    HubClient c = client("secret", false);
    String gated = c.resolve(new HubRef("Owner/Gated", "main")).commit();
    assertThat(Files.readAllBytes(c.download("Owner/Gated", gated, "model.safetensors"))).isEqualTo(weights);
  }

  @Test
  void offlineUsesOnlyTheCache() throws IOException {
    HubClient c = client(null, false);
    c.download("Owner/Model", c.resolve(new HubRef("Owner/Model", "main")).commit(), "config.json");
    hub.close();
    HubClient offline = client(null, true);
    HubClient.Revision rev = offline.resolve(new HubRef("Owner/Model", "main"));
    assertThat(rev.files()).containsExactly("config.json");
    assertThat(Files.readAllBytes(offline.download("Owner/Model", rev.commit(), "config.json"))).isEqualTo(config);
    assertThatThrownBy(() -> offline.download("Owner/Model", rev.commit(), "model.safetensors"))
        .hasMessageContaining("not in the cache");
    assertThatThrownBy(() -> offline.resolve(new HubRef("Owner/Other", "main")))
        .hasMessageContaining("HF_HUB_OFFLINE is set and hf:Owner/Other is not in the cache");
    // Online with the hub gone: one line naming the endpoint.
    assertThatThrownBy(() -> client(null, false).resolve(new HubRef("Owner/Model", "main")))
        .isInstanceOf(HubException.class)
        .hasMessageContaining("cannot reach the hub at http://127.0.0.1:");
  }

  @Test
  void settingsFollowHuggingfaceHubsEnvironment() {
    HubSettings s = HubSettings.fromEnvironment(Map.of(
        "HF_ENDPOINT", "http://mirror.local/", "HF_HOME", "/h", "HF_TOKEN", "t", "HF_HUB_OFFLINE", "1"));
    assertThat(s.endpoint()).isEqualTo(URI.create("http://mirror.local"));
    assertThat(s.cacheDir()).isEqualTo(Path.of("/h/hub"));
    assertThat(s.token()).isEqualTo("t");
    assertThat(s.offline()).isTrue();
    assertThat(s.toString()).doesNotContain("=t,");
    HubSettings d = HubSettings.fromEnvironment(Map.of("HF_HUB_CACHE", "/c", "HF_HOME", "/nonexistent-home"));
    assertThat(d.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
    assertThat(d.cacheDir()).isEqualTo(Path.of("/c"));
    assertThat(d.token()).isNull();
    assertThat(d.offline()).isFalse();
  }

  @Test
  void hubRefsParse() {
    assertThat(HubRef.parse("hf:OpenMuQ/MuQ-MuLan-large")).isEqualTo(new HubRef("OpenMuQ/MuQ-MuLan-large", "main"));
    assertThat(HubRef.parse("hf:OpenMuQ/MuQ-large-msd-iter@v1.0").revision()).isEqualTo("v1.0");
    assertThatThrownBy(() -> HubRef.parse("hf:justname")).hasMessageContaining("OWNER/NAME");
    assertThatThrownBy(() -> HubRef.parse("hf:a/../b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HubRef.parse("hf:a/b@")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void modelCardLicenceComesFromTheFrontMatter(@TempDir Path dir) throws IOException {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "---\ntags:\n- music\nlicense: cc-by-nc-4.0\n---\n# MuQ\nlicense: not this\n");
    assertThat(ModelCard.license(readme)).isEqualTo("CC-BY-NC-4.0");
    Files.writeString(readme, "# no front matter\nlicense: mit\n");
    assertThat(ModelCard.license(readme)).isNull();
    Files.writeString(readme, "---\nlicense: \"apache-2.0\"\n---\n");
    assertThat(ModelCard.license(readme)).isEqualTo("Apache-2.0");
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
