package ai.muq.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.muq.bundle.BundleManifest;
import ai.muq.bundle.TextTooLongException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tiny random-weight bundle exported by model-export, run through ONNX Runtime on CPU. */
class TinyBundleTest {

  static final Path TINY = Path.of("src/test/resources/bundles/tiny");
  static final float TOL = 1e-5f;

  static InferenceProperties cpu() {
    return new InferenceProperties("cpu", 0, "EXHAUSTIVE", 0, "kNextPowerOfTwo", false, 1, 1,
        true, true, true,
        new InferenceProperties.Batching(8, Duration.ofMillis(20), 64, Duration.ofSeconds(60),
            Duration.ofMinutes(1)));
  }

  static ServedModel model;
  static SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @BeforeAll
  static void load() throws Exception {
    OrtRuntime rt = new OrtRuntime(cpu());
    assertThat(rt.provider()).isEqualTo(ExecutionProvider.CPU);
    model = ServedModel.load(TINY, rt, cpu().batching().settings(), registry);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  static float[] noise(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextGaussian() * 0.1);
    }
    return x;
  }

  static double norm(float[] v) {
    double s = 0;
    for (float f : v) {
      s += f * f;
    }
    return Math.sqrt(s);
  }

  @Test
  void servesEmbeddingsTextAndHiddenStates() {
    assertThat(model.hasMulan()).isTrue();
    assertThat(model.hasEncoder()).isTrue();
    assertThat(model.clipSamples()).isEqualTo(240_000);
    List<float[]> clips = model.clipEmbeddings(noise(250_000, 1));
    assertThat(clips).hasSize(2);
    for (float[] c : clips) {
      assertThat(c).hasSize(model.manifest().embeddingDim());
      assertThat(norm(c)).isCloseTo(1.0, within(1e-4));
    }
    float[] text = model.textEmbeddings(List.of(model.tokenize("calm piano"))).getFirst();
    assertThat(norm(text)).isCloseTo(1.0, within(1e-4));
    float[][][] hs = model.hiddenStates(noise(240_000 * 2 + 48_000, 2), new int[] {0, 2});
    assertThat(hs).hasNumberOfRows(2);
    // 25 Hz: 10 s -> 250 frames; the 2 s tail -> 50 frames
    assertThat(hs[0].length).isEqualTo(250 + 250 + 50);
    assertThat(hs[1][0]).hasSize(model.manifest().hiddenDim());
  }

  @Test
  void batchedAudioEqualsUnbatched() throws Exception {
    List<float[]> waves = new ArrayList<>();
    List<float[]> alone = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      waves.add(noise(240_000, 10 + i));
      alone.add(model.clipEmbeddings(waves.get(i)).getFirst());
    }
    double before = registry.get("muq.inference.batch.size").tag("graph", "mulan_audio").summary().max();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<float[]>> f = new ArrayList<>();
      for (float[] w : waves) {
        f.add(pool.submit(() -> model.clipEmbeddings(w).getFirst()));
      }
      for (int i = 0; i < waves.size(); i++) {
        float[] together = f.get(i).get();
        for (int d = 0; d < together.length; d++) {
          assertThat(together[d]).isCloseTo(alone.get(i)[d], within(TOL));
        }
      }
    }
    // one request with several clips always shares a run
    List<float[]> multi = model.clipEmbeddings(concat(waves.get(0), waves.get(1), waves.get(2)));
    for (int i = 0; i < 3; i++) {
      for (int d = 0; d < multi.get(i).length; d++) {
        assertThat(multi.get(i)[d]).isCloseTo(alone.get(i)[d], within(TOL));
      }
    }
    assertThat(registry.get("muq.inference.batch.size").tag("graph", "mulan_audio").summary().max())
        .isGreaterThan(Math.max(1, before - 1));
  }

  @Test
  void paddedTextBatchesEqualTextsAlone() {
    List<String> texts = List.of("piano", "a calm piano piece with soft strings", "loud metal drums and guitar");
    List<TokenizedText> tok = texts.stream().map(model::tokenize).toList();
    assertThat(tok.stream().map(TokenizedText::length).distinct().count()).isGreaterThan(1);
    List<float[]> together = model.textEmbeddingsOneRun(tok);
    for (int i = 0; i < tok.size(); i++) {
      float[] alone = model.textEmbeddings(List.of(tok.get(i))).getFirst();
      for (int d = 0; d < alone.length; d++) {
        assertThat(together.get(i)[d]).as("text %d dim %d", i, d).isCloseTo(alone[d], within(1e-4f));
      }
    }
  }

  @Test
  void batchedHiddenStatesEqualUnbatched() {
    float[] a = noise(240_000, 5);
    float[] b = noise(240_000, 6);
    float[][][] alone = model.hiddenStates(a, new int[] {2});
    float[][][] both = model.hiddenStates(concat(a, b), new int[] {2});
    for (int f = 0; f < alone[0].length; f++) {
      for (int d = 0; d < alone[0][f].length; d++) {
        assertThat(both[0][f][d]).isCloseTo(alone[0][f][d], within(TOL));
      }
    }
  }

  @Test
  void overLongTextIsRefused() {
    String longText = "music ".repeat(700);
    assertThatThrownBy(() -> model.tokenize(longText)).isInstanceOf(TextTooLongException.class);
  }

  @Test
  void tamperedBundleIsRefusedWithItsReason(@TempDir Path dir) throws IOException {
    copyTiny(dir);
    Path graph = dir.resolve("mulan-text.onnx");
    byte[] bytes = Files.readAllBytes(graph);
    bytes[bytes.length / 2] ^= 1;
    Files.write(graph, bytes);
    assertThatThrownBy(() -> ServedModel.load(dir, new OrtRuntime(cpu()), cpu().batching().settings(),
        new SimpleMeterRegistry()))
        .isInstanceOf(BundleRefusedException.class)
        .hasMessageContaining("sha256")
        .hasMessageContaining("mulan-text.onnx");
  }

  @Test
  void unknownKindIsRefused(@TempDir Path dir) throws IOException {
    copyTiny(dir);
    BundleManifest m = BundleManifest.read(dir);
    new BundleManifest(m.formatVersion(), "wav2vec", m.name(), m.id(), m.config(), m.sampleRate(),
        m.clipSeconds(), m.mel(), m.embeddingDim(), m.hiddenDim(), m.numHiddenStates(),
        m.frameRate(), m.temperature(), m.opset(), m.graphs(), m.text(), m.files(), m.producer())
        .write(dir);
    assertThatThrownBy(() -> ServedModel.load(dir, new OrtRuntime(cpu()), cpu().batching().settings(),
        new SimpleMeterRegistry()))
        .isInstanceOf(BundleRefusedException.class)
        .hasMessageContaining("unknown kind 'wav2vec'");
  }

  static void copyTiny(Path dir) throws IOException {
    try (var files = Files.list(TINY)) {
      for (Path p : files.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
  }

  static float[] concat(float[]... parts) {
    int n = 0;
    for (float[] p : parts) {
      n += p.length;
    }
    float[] out = new float[n];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
