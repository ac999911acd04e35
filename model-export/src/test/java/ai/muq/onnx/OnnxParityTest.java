package ai.muq.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.muq.bundle.BundleManifest;
import ai.muq.cli.Engines;
import ai.muq.model.DjlOps;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.Perturb;
import ai.muq.model.TestSignals;
import ai.muq.model.mulan.MulanModel;
import ai.onnxruntime.OnnxTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported graphs compute what the model definitions compute: every output of every graph of
 * a {@code tiny} MuQ-MuLan with random weights equals the DJL forward pass within 1e-4 (absolute,
 * relative above magnitude 1), on rendered music and on noise, for every hidden state.
 */
class OnnxParityTest {

  static final double TOL = 1e-4;
  static final int SECONDS_2 = 48_000;

  @TempDir static Path dir;
  static NDManager manager;
  static ParamStore store;
  static MulanModel model;
  static BundleManifest manifest;
  static float[] music;
  static float[] noise;

  @BeforeAll
  static void export() throws Exception {
    Engines.init();
    manager = NDManager.newBaseManager();
    model = new MulanModel(ModelConfig.named("tiny"));
    store = Models.randomMulan(manager, model, 1);
    Perturb.all(store, 7);
    manifest =
        new BundleExporter()
            .exportMulan(store, model, "parity", BundleExporter.TextBackbone.bgeSmallEn(), dir);
    music = TestSignals.renderedMusic(BundleExporter.CLIP_SAMPLES);
    noise = TestSignals.noise(BundleExporter.CLIP_SAMPLES, 3, 0.3f);
  }

  @AfterAll
  static void close() {
    store.close();
    manager.close();
  }

  @Test
  void renderedMusicIsMusicNotSilence() {
    double energy = 0;
    for (float v : music) {
      energy += v * v;
    }
    assertThat(Math.sqrt(energy / music.length)).isGreaterThan(0.01);
  }

  @Test
  void manifestListsEveryGraphWithItsHash() throws Exception {
    BundleManifest read = BundleManifest.read(dir);
    assertThat(read.files()).containsOnlyKeys(BundleExporter.mulanFiles());
    assertThat(read.kind()).isEqualTo(BundleManifest.KIND_MUQ_MULAN);
    assertThat(read.numHiddenStates()).isEqualTo(3);
    assertThat(read.opset()).isGreaterThanOrEqualTo(17);
    read.verify(dir);
  }

  @Test
  void everyHiddenStateMatchesOnMusicAndNoise() throws Exception {
    int layers = model.config().muq().layers() + 1;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < layers; i++) {
      names.add("hidden_state_" + i);
    }
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      for (float[] signal : List.of(slice(music, SECONDS_2), slice(noise, SECONDS_2))) {
        List<float[]> expected = eagerHidden(signal);
        Map<String, float[]> actual;
        try (OnnxTensor in = ort.floats(signal, 1, signal.length)) {
          actual = ort.run(Map.of("waveform", in), names);
        }
        for (int i = 0; i < layers; i++) {
          float[] a = actual.get("hidden_state_" + i);
          assertThat(a).hasSize(expected.get(i).length);
          assertClose("hidden_state_" + i, a, expected.get(i));
        }
      }
    }
  }

  @Test
  void oneHiddenStateCanBeFetchedAlone() throws Exception {
    float[] signal = slice(music, SECONDS_2);
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MUQ_ENCODER_FILE));
        OnnxTensor in = ort.floats(signal, 1, signal.length)) {
      Map<String, float[]> one = ort.run(Map.of("waveform", in), Set.of("hidden_state_1"));
      assertThat(one).containsOnlyKeys("hidden_state_1");
      // 2 s = 200 mel frames = 50 tokens of width D
      assertThat(one.get("hidden_state_1")).hasSize(50 * model.config().muq().dim());
    }
  }

  @Test
  void batchOfTwoEqualsTwoSingleRuns() throws Exception {
    float[] a = slice(music, SECONDS_2);
    float[] b = slice(noise, SECONDS_2);
    float[] both = new float[2 * SECONDS_2];
    System.arraycopy(a, 0, both, 0, SECONDS_2);
    System.arraycopy(b, 0, both, SECONDS_2, SECONDS_2);
    String last = "hidden_state_" + model.config().muq().layers();
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      float[] single1, single2, batched;
      try (OnnxTensor t = ort.floats(a, 1, SECONDS_2)) {
        single1 = ort.run(Map.of("waveform", t), Set.of(last)).get(last);
      }
      try (OnnxTensor t = ort.floats(b, 1, SECONDS_2)) {
        single2 = ort.run(Map.of("waveform", t), Set.of(last)).get(last);
      }
      try (OnnxTensor t = ort.floats(both, 2, SECONDS_2)) {
        batched = ort.run(Map.of("waveform", t), Set.of(last)).get(last);
      }
      float[] joined = new float[single1.length + single2.length];
      System.arraycopy(single1, 0, joined, 0, single1.length);
      System.arraycopy(single2, 0, joined, single1.length, single2.length);
      assertClose("batch", batched, joined);
    }
  }

  @Test
  void mulanAudioEmbeddingMatchesAndIsUnitNorm() throws Exception {
    float[] both = new float[2 * BundleExporter.CLIP_SAMPLES];
    System.arraycopy(music, 0, both, 0, music.length);
    System.arraycopy(noise, 0, both, music.length, noise.length);
    float[] expected;
    try (NDManager sub = manager.newSubManager()) {
      DjlOps ops = DjlOps.inference(store, sub);
      NDArray wave = sub.create(both, new Shape(2, BundleExporter.CLIP_SAMPLES));
      expected = model.audioEmbedding(ops, wave).toFloatArray();
    }
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MULAN_AUDIO_FILE));
        OnnxTensor in = ort.floats(both, 2, BundleExporter.CLIP_SAMPLES)) {
      float[] actual = ort.run(Map.of("waveform", in), Set.of("embedding")).get("embedding");
      assertClose("audio embedding", actual, expected);
      int d = model.config().mulan().latentDim();
      for (int row = 0; row < 2; row++) {
        double n = 0;
        for (int i = 0; i < d; i++) {
          n += actual[row * d + i] * actual[row * d + i];
        }
        assertThat(Math.sqrt(n)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  @Test
  void mulanTextEmbeddingMatchesAndMasksPaddingExactly() throws Exception {
    int dim = model.config().mulan().textBackboneDim();
    int tokens = 7;
    float[] hidden = TestSignals.noise(2 * tokens * dim, 11, 1f);
    long[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}; // second text: 4 tokens + padding
    float[] expected;
    try (NDManager sub = manager.newSubManager()) {
      DjlOps ops = DjlOps.inference(store, sub);
      float[] maskF = new float[mask.length];
      for (int i = 0; i < mask.length; i++) {
        maskF[i] = mask[i];
      }
      expected =
          model
              .textEmbedding(ops, sub.create(hidden, new Shape(2, tokens, dim)), sub.create(maskF, new Shape(2, tokens)))
              .toFloatArray();
    }
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MULAN_TEXT_FILE))) {
      float[] batched;
      try (OnnxTensor h = ort.floats(hidden, 2, tokens, dim);
          OnnxTensor m = ort.longs(mask, 2, tokens)) {
        batched = ort.run(Map.of("hidden_states", h, "attention_mask", m), Set.of("embedding")).get("embedding");
      }
      assertClose("text embedding", batched, expected);
      // The padded second text alone, unpadded, gives the same embedding.
      float[] alone = new float[4 * dim];
      System.arraycopy(hidden, tokens * dim, alone, 0, 4 * dim);
      float[] single;
      try (OnnxTensor h = ort.floats(alone, 1, 4, dim);
          OnnxTensor m = ort.longs(new long[] {1, 1, 1, 1}, 1, 4)) {
        single = ort.run(Map.of("hidden_states", h, "attention_mask", m), Set.of("embedding")).get("embedding");
      }
      int d = model.config().mulan().latentDim();
      float[] second = new float[d];
      System.arraycopy(batched, d, second, 0, d);
      assertClose("padded vs alone", second, single);
    }
  }

  private static List<float[]> eagerHidden(float[] signal) {
    List<float[]> out = new ArrayList<>();
    try (NDManager sub = manager.newSubManager()) {
      DjlOps ops = DjlOps.inference(store, sub);
      NDArray wave = sub.create(signal, new Shape(1, signal.length));
      for (NDArray h : model.audioMuq().hiddenStates(ops, wave)) {
        out.add(h.toFloatArray());
      }
    }
    return out;
  }

  static float[] slice(float[] a, int n) {
    float[] out = new float[n];
    System.arraycopy(a, 0, out, 0, n);
    return out;
  }

  static void assertClose(String what, float[] actual, float[] expected) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < actual.length; i++) {
      double err = Math.abs(actual[i] - expected[i]) / Math.max(1.0, Math.abs(expected[i]));
      if (!(err <= worst)) {
        worst = err;
        at = i;
      }
    }
    assertThat(worst)
        .as("%s: worst error %.3g at %d (actual %s, expected %s)", what, worst, at,
            at >= 0 ? actual[at] : "-", at >= 0 ? expected[at] : "-")
        .isLessThanOrEqualTo(TOL);
  }
}
