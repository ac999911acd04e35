package ai.muq.onnx;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static int8 export of a {@code tiny} MuQ-MuLan: the audio graphs are in QDQ form with int8
 * weights, and on rendered music they are not used for calibration the mean-pooled last hidden
 * state and the audio embedding stay at cosine >= 0.99 to fp32.
 */
class StaticInt8Test {

  @Test
  void int8AudioGraphsStayWithinTheirCosineBound(@TempDir Path fp32, @TempDir Path int8) throws Exception {
    Engines.init();
    MulanModel model = new MulanModel(ModelConfig.named("tiny"));
    int clip = BundleExporter.CLIP_SAMPLES;
    float[] long40s = TestSignals.renderedMusic(4 * clip);
    // calibrate on the first 20 s, evaluate on the last 10 s and on noise
    List<float[]> calibration = List.of(slice(long40s, 0, clip), slice(long40s, clip, clip));
    float[] music = slice(long40s, 3 * clip, clip);
    try (NDManager manager = NDManager.newBaseManager()) {
      ParamStore store = Models.randomMulan(manager, model, 3);
      Perturb.all(store, 5);
      new BundleExporter(OnnxOps.WeightType.FLOAT32, StftFrontEnd.FFT)
          .exportMulan(store, model, "f", BundleExporter.TextBackbone.bgeSmallEn(), fp32);
      BundleExporter.int8(StftFrontEnd.FFT, calibration)
          .exportMulan(store, model, "q", BundleExporter.TextBackbone.bgeSmallEn(), int8);
    }
    assertThat(BundleManifest.read(int8).producer()).containsEntry("precision", "int8").containsEntry("stft", "fft");
    assertThat(BundleManifest.read(fp32).producer()).containsEntry("precision", "fp32");

    OnnxMl.ModelProto q = StftFrontEndParityTest.graph(int8.resolve(BundleExporter.MUQ_ENCODER_FILE));
    assertThat(StftFrontEndParityTest.opTypes(q)).contains("QuantizeLinear", "DequantizeLinear");
    long int8Weights = q.getGraph().getInitializerList().stream()
        .filter(t -> t.getDataType() == OnnxMl.TensorProto.DataType.INT8_VALUE && t.getDimsCount() >= 2).count();
    assertThat(int8Weights).as("int8 weight tensors").isGreaterThanOrEqualTo(10);

    String last = "hidden_state_" + model.config().muq().layers();
    int d = model.config().muq().dim();
    try (OrtRunner a = new OrtRunner(fp32.resolve(BundleExporter.MUQ_ENCODER_FILE));
        OrtRunner b = new OrtRunner(int8.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      for (float[] signal : List.of(music, TestSignals.noise(clip, 9, 0.2f))) {
        double cos = BundleCompareBenchmark.cosine(
            BundleCompareBenchmark.meanPool(BundleCompareBenchmark.run(a, signal, Set.of(last)).get(last), d),
            BundleCompareBenchmark.meanPool(BundleCompareBenchmark.run(b, signal, Set.of(last)).get(last), d));
        assertThat(cos).as("mean-pooled %s cosine int8 vs fp32", last).isGreaterThanOrEqualTo(0.99);
      }
    }
    try (OrtRunner a = new OrtRunner(fp32.resolve(BundleExporter.MULAN_AUDIO_FILE));
        OrtRunner b = new OrtRunner(int8.resolve(BundleExporter.MULAN_AUDIO_FILE))) {
      double cos = BundleCompareBenchmark.cosine(
          BundleCompareBenchmark.run(a, music, Set.of("embedding")).get("embedding"),
          BundleCompareBenchmark.run(b, music, Set.of("embedding")).get("embedding"));
      assertThat(cos).as("audio embedding cosine int8 vs fp32").isGreaterThanOrEqualTo(0.99);
    }
  }

  @Test
  void scalesCoverZeroAndTheRange() {
    float[] sz = StaticInt8.scaleAndZero(new float[] {-1f, 3f});
    assertThat(sz[0]).isCloseTo(4f / 255, org.assertj.core.data.Offset.offset(1e-7f));
    assertThat(sz[1]).isEqualTo(64f); // round(1 / (4 / 255))
    float[] positive = StaticInt8.scaleAndZero(new float[] {2f, 5f});
    assertThat(positive[1]).isZero();
    assertThat(positive[0]).isCloseTo(5f / 255, org.assertj.core.data.Offset.offset(1e-7f));
  }

  private static float[] slice(float[] a, int from, int n) {
    float[] out = new float[n];
    System.arraycopy(a, from, out, 0, n);
    return out;
  }
}
