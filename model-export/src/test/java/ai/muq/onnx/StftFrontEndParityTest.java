package ai.muq.onnx;

import static ai.muq.onnx.OnnxParityTest.assertClose;
import static ai.muq.onnx.OnnxParityTest.slice;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.muq.bundle.BundleManifest;
import ai.muq.cli.Engines;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.Perturb;
import ai.muq.model.TestSignals;
import ai.muq.model.mulan.MulanModel;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFT front-end (ONNX STFT) and the Conv1d front-end export the same model: one {@code tiny}
 * MuQ-MuLan with random (perturbed) weights exported both ways gives every hidden state and the
 * audio embedding within 1e-4 of each other on rendered music and on noise. Both stay within ORT's
 * CUDA operators.
 */
class StftFrontEndParityTest {

  @TempDir static Path conv;
  @TempDir static Path fft;
  static NDManager manager;
  static ParamStore store;
  static MulanModel model;
  static float[] music;
  static float[] noise;

  @BeforeAll
  static void export() throws Exception {
    Engines.init();
    manager = NDManager.newBaseManager();
    model = new MulanModel(ModelConfig.named("tiny"));
    store = Models.randomMulan(manager, model, 1);
    Perturb.all(store, 7);
    for (StftFrontEnd stft : StftFrontEnd.values()) {
      new BundleExporter(OnnxOps.WeightType.FLOAT32, stft)
          .exportMulan(store, model, "stft-" + stft.id(), BundleExporter.TextBackbone.bgeSmallEn(),
              stft == StftFrontEnd.FFT ? fft : conv);
    }
    music = TestSignals.renderedMusic(BundleExporter.CLIP_SAMPLES);
    noise = TestSignals.noise(BundleExporter.CLIP_SAMPLES, 3, 0.3f);
  }

  @AfterAll
  static void close() {
    store.close();
    manager.close();
  }

  @Test
  void manifestsRecordTheFrontEnd() throws Exception {
    assertThat(BundleManifest.read(fft).stftFrontEnd()).isEqualTo("fft");
    assertThat(BundleManifest.read(conv).stftFrontEnd()).isEqualTo("conv");
  }

  @Test
  void bothFrontEndsUseOnlyCudaOperatorsAndTheFftHasNoDftConv() throws Exception {
    for (String f : List.of(BundleExporter.MUQ_ENCODER_FILE, BundleExporter.MULAN_AUDIO_FILE)) {
      assertThat(CudaOperators.unsupported(graph(conv.resolve(f)))).as(f).isEmpty();
      assertThat(CudaOperators.unsupported(graph(fft.resolve(f)))).as(f).isEmpty();
      // the conv front-end computes its DFT kernels with Mod; the FFT's constants are stored
      assertThat(opTypes(graph(conv.resolve(f)))).as(f).contains("Mod");
      assertThat(opTypes(graph(fft.resolve(f)))).as(f).doesNotContain("Mod");
    }
  }

  @Test
  void everyHiddenStateAgreesOnMusicAndNoise() throws Exception {
    int layers = model.config().muq().layers() + 1;
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < layers; i++) {
      names.add("hidden_state_" + i);
    }
    try (OrtRunner c = new OrtRunner(conv.resolve(BundleExporter.MUQ_ENCODER_FILE));
        OrtRunner f = new OrtRunner(fft.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      // 2 s and an odd length: the frame count follows the length the same way in both.
      for (float[] signal :
          List.of(slice(music, 48_000), slice(noise, 48_000), slice(music, 30_011))) {
        Map<String, float[]> a;
        Map<String, float[]> b;
        try (OnnxTensor in = c.floats(signal, 1, signal.length)) {
          a = c.run(Map.of("waveform", in), names);
        }
        try (OnnxTensor in = f.floats(signal, 1, signal.length)) {
          b = f.run(Map.of("waveform", in), names);
        }
        for (String n : names) {
          assertClose(n, b.get(n), a.get(n));
        }
      }
    }
  }

  @Test
  void audioEmbeddingsAgree() throws Exception {
    float[] both = new float[2 * BundleExporter.CLIP_SAMPLES];
    System.arraycopy(music, 0, both, 0, music.length);
    System.arraycopy(noise, 0, both, music.length, noise.length);
    try (OrtRunner c = new OrtRunner(conv.resolve(BundleExporter.MULAN_AUDIO_FILE));
        OrtRunner f = new OrtRunner(fft.resolve(BundleExporter.MULAN_AUDIO_FILE));
        OnnxTensor ic = c.floats(both, 2, BundleExporter.CLIP_SAMPLES);
        OnnxTensor iff = f.floats(both, 2, BundleExporter.CLIP_SAMPLES)) {
      float[] a = c.run(Map.of("waveform", ic), Set.of("embedding")).get("embedding");
      float[] b = f.run(Map.of("waveform", iff), Set.of("embedding")).get("embedding");
      assertClose("audio embedding", b, a);
    }
  }

  static OnnxMl.ModelProto graph(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      return OnnxMl.ModelProto.parseFrom(in);
    }
  }

  static Set<String> opTypes(OnnxMl.ModelProto m) {
    Set<String> ops = new LinkedHashSet<>();
    m.getGraph().getNodeList().forEach(n -> ops.add(n.getOpType()));
    return ops;
  }
}
