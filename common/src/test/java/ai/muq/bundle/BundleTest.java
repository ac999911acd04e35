package ai.muq.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleTest {

  /** A muq-mulan manifest whose graphs and tokenizer are small text files of the bundle. */
  static BundleManifest mulan(Path dir, int formatVersion, String input) throws IOException {
    for (String f : List.of("audio.onnx", "text.onnx", "tokenizer.json")) {
      Files.writeString(dir.resolve(f), f);
    }
    BundleManifest m = new BundleManifest(formatVersion, BundleManifest.KIND_MUQ_MULAN, "tiny", "tiny-1",
        Map.of(), 24000, 10, null, 8, 0, 0, 0, 0.03, 17,
        Map.of(BundleManifest.GRAPH_MULAN_AUDIO, "audio.onnx", BundleManifest.GRAPH_MULAN_TEXT, "text.onnx"),
        new BundleManifest.Text(input, "tokenizer.json", "bge", null, 0, 0), null, Map.of("k", "v"))
        .withFiles(dir, List.of("audio.onnx", "text.onnx", "tokenizer.json"));
    m.write(dir);
    return m;
  }

  @Test
  void aGoodBundleOpensAndResolvesItsFiles(@TempDir Path dir) throws IOException {
    mulan(dir, 1, BundleTensors.TEXT_INPUT_TOKEN_IDS);
    Bundle b = Bundle.open(dir);
    assertThat(b.graph(BundleManifest.GRAPH_MULAN_AUDIO)).isEqualTo(dir.resolve("audio.onnx").normalize());
    try (InputStream in = b.textTokenizer()) {
      assertThat(new String(in.readAllBytes())).isEqualTo("tokenizer.json");
    }
    assertThat(b.manifest().clipSamples()).isEqualTo(240_000);
    assertThat(b.manifest().textMaxTokens()).isEqualTo(512);
  }

  @Test
  void theManifestRefusesAnUnknownFormatVersionAndTextMode(@TempDir Path dir) throws IOException {
    mulan(dir, 2, BundleTensors.TEXT_INPUT_TOKEN_IDS);
    assertThatThrownBy(() -> Bundle.open(dir)).isInstanceOf(BundleException.class)
        .hasMessage("unsupported format_version 2");
    mulan(dir, 1, "pixels");
    assertThatThrownBy(() -> Bundle.open(dir)).isInstanceOf(BundleException.class)
        .hasMessage("unknown text input mode 'pixels'");
  }

  @Test
  void aChangedFileIsRefused(@TempDir Path dir) throws IOException {
    mulan(dir, 1, BundleTensors.TEXT_INPUT_TOKEN_IDS);
    Files.writeString(dir.resolve("text.onnx"), "tampered");
    assertThatThrownBy(() -> Bundle.open(dir)).isInstanceOf(BundleException.class)
        .hasMessageContaining("sha256").hasMessageContaining("text.onnx");
  }

  @Test
  void namesOutsideTheBundleAndMissingResourcesAreRefused(@TempDir Path root) throws IOException {
    Path dir = Files.createDirectory(root.resolve("bundle"));
    Files.writeString(root.resolve("secret.json"), "{}");
    mulan(dir, 1, BundleTensors.TEXT_INPUT_TOKEN_IDS);
    Bundle b = Bundle.open(dir);
    assertThatThrownBy(() -> b.file("../secret.json")).isInstanceOf(BundleException.class)
        .hasMessage("missing file ../secret.json");
    assertThatThrownBy(() -> b.open("classpath:no/such-tokenizer.json")).isInstanceOf(BundleException.class)
        .hasMessage("classpath resource no/such-tokenizer.json not found");
  }

  @Test
  void refusalsReadTheSameEverywhere() {
    assertThat(BundleException.refusal(Path.of("/b"), "no id")).isEqualTo("Refusing bundle /b: no id");
  }

  @Test
  void tensorNamesAreTheExportedOnes() {
    assertThat(BundleTensors.hiddenState(12)).isEqualTo("hidden_state_12");
  }
}
