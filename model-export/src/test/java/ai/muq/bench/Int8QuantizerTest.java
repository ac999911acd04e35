package ai.muq.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.muq.cli.Engines;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.TestSignals;
import ai.muq.model.muq.MuqModel;
import ai.muq.onnx.BundleExporter;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Int8QuantizerTest {

  static OnnxMl.ModelProto fp32;
  static MuqModel model;

  @BeforeAll
  static void export() {
    Engines.init();
    model = new MuqModel(MuqModel.RELEASED_PREFIX, ModelConfig.named("tiny").muq());
    try (NDManager m = NDManager.newBaseManager(); ParamStore store = Models.randomMuq(m, model, 3)) {
      fp32 = new BundleExporter().muqEncoderGraph(store, model);
    }
  }

  @Test
  void everyLinearLayerIsRewrittenAndItsFp32WeightDropped() {
    Int8Quantizer.Result q = Int8Quantizer.quantize(fp32);
    // per layer: 2 FFNs x 2 + q, k, v, out = 8; plus the front's projection
    int layers = model.config().layers();
    assertThat(q.matmulsQuantized()).isEqualTo(8 * layers + 1);
    OnnxMl.GraphProto g = q.model().getGraph();
    assertThat(g.getNodeList()).filteredOn(n -> n.getOpType().equals("DynamicQuantizeMatMul")).hasSize(8 * layers + 1);
    assertThat(g.getInitializerList()).noneMatch(t -> t.getName().endsWith("ffn1.intermediate_dense.weight"));
    assertThat(g.getInitializerList()).anyMatch(t -> t.getName().endsWith("ffn1.intermediate_dense.weight_int8")
        && t.getDataType() == OnnxMl.TensorProto.DataType.INT8_VALUE);
    assertThat(q.model().getOpsetImportList()).anyMatch(o -> o.getDomain().equals(Int8Quantizer.MS_DOMAIN));
  }

  @Test
  void quantizedEncoderStaysCloseToFp32InOnnxRuntime() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] wave = TestSignals.renderedMusic(48_000);
    String last = "hidden_state_" + model.config().layers();
    float[] a = run(env, fp32.toByteArray(), wave, last);
    float[] b = run(env, Int8Quantizer.quantize(fp32).model().toByteArray(), wave, last);
    double max = OrtBench.maxAbs(a);
    double diff = OrtBench.maxAbsDiff(a, b);
    double meanDiff = 0;
    for (int i = 0; i < a.length; i++) {
      meanDiff += Math.abs(a[i] - b[i]) / a.length;
    }
    assertThat(diff).as("int8 changes the result at all").isGreaterThan(0);
    assertThat(diff / max).as("relative max deviation").isLessThan(0.1);
    assertThat(meanDiff).as("mean deviation").isLessThan(0.02 * max);
  }

  @Test
  void convolutionsTooWithBatchNormFoldedStayClose() throws Exception {
    Int8Quantizer.Result q = Int8Quantizer.quantize(fp32, true);
    OnnxMl.GraphProto g = q.model().getGraph();
    // Res2d A and B: conv1, conv2, conv3 each; the conv module's two pointwise convs per layer
    int convs = 6 + 2 * model.config().layers();
    assertThat(g.getNodeList()).filteredOn(n -> n.getOpType().equals("ConvInteger")).hasSize(convs);
    // every BatchNormalization after a dense conv is folded; the conv module's (after the depthwise conv) stays
    assertThat(g.getNodeList()).filteredOn(n -> n.getOpType().equals("BatchNormalization")).hasSize(model.config().layers());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    float[] wave = TestSignals.renderedMusic(48_000);
    String last = "hidden_state_" + model.config().layers();
    float[] a = run(env, fp32.toByteArray(), wave, last);
    float[] b = run(env, q.model().toByteArray(), wave, last);
    double max = OrtBench.maxAbs(a);
    double diff = OrtBench.maxAbsDiff(a, b);
    assertThat(diff).isGreaterThan(0);
    assertThat(diff / max).as("relative max deviation").isLessThan(0.15);
  }

  static float[] run(OrtEnvironment env, byte[] graph, float[] wave, String out) throws Exception {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    try (OrtSession s = env.createSession(graph, o);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(wave), new long[] {1, wave.length});
        OrtSession.Result r = s.run(Map.of("waveform", in), Set.of(out))) {
      FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
      float[] x = new float[fb.remaining()];
      fb.get(x);
      return x;
    }
  }
}
