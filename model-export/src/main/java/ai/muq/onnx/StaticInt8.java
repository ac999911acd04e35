package ai.muq.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Static int8 quantisation of an exported audio graph in QDQ form, which ONNX Runtime's CPU
 * provider fuses into its integer kernels (QLinearConv, MatMulIntegerToFloat / QLinearMatMul):
 *
 * <ul>
 *   <li>every linear layer, {@code MatMul(x, Transpose(W))} with W an initializer, becomes
 *       {@code MatMul(DQ(Q(x)), DQ(W^T int8))};
 *   <li>every dense Conv with a weight initializer (the Res2d stem, the conv module's pointwise
 *       convolutions), after folding a following BatchNormalization into it, becomes {@code
 *       DQ(Q(Conv(DQ(Q(x)), DQ(W int8), DQ(bias int32))))}.
 * </ul>
 *
 * Weights are int8, symmetric, per output channel; activations uint8 with scale and zero point
 * from the minimum and maximum each tensor reaches on calibration audio (MinMax). The mel
 * front-end (its Conv1d has computed kernels; the FFT and filterbank MatMuls have no
 * Transpose(W)), depthwise convolutions, attention products, norms and softmax stay float32.
 */
public final class StaticInt8 {

  /** What a quantisation did. */
  public record Result(OnnxMl.ModelProto model, int matmuls, int convs, int calibrationClips) {}

  private StaticInt8() {}

  /**
   * Quantises an fp32 audio graph whose input is {@code waveform} [batch, samples].
   *
   * @param calibration waveforms at 24 kHz, each run alone (their lengths may differ unless the
   *     graph fixes the length)
   */
  public static Result quantize(OnnxMl.ModelProto fp32, List<float[]> calibration) throws OrtException {
    if (calibration.isEmpty()) {
      throw new IllegalArgumentException("static int8 needs at least one calibration clip");
    }
    OnnxMl.ModelProto folded = foldBatchNorms(fp32);
    Graph g = new Graph(folded.getGraph());
    List<NodeProto> linears = new ArrayList<>();
    List<NodeProto> convs = new ArrayList<>();
    for (NodeProto n : folded.getGraph().getNodeList()) {
      if (n.getOpType().equals("MatMul") && g.linearWeight(n.getInput(1)) != null) {
        linears.add(n);
      } else if (g.denseConvWeight(n) != null) {
        convs.add(n);
      }
    }
    Set<String> observed = new LinkedHashSet<>();
    linears.forEach(n -> observed.add(n.getInput(0)));
    convs.forEach(n -> {
      observed.add(n.getInput(0));
      observed.add(n.getOutput(0));
    });
    Map<String, float[]> ranges = calibrate(folded, observed, calibration);

    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> added = new ArrayList<>();
    Map<String, String> dequantized = new HashMap<>();
    Set<NodeProto> linearSet = new HashSet<>(linears);
    Set<NodeProto> convSet = new HashSet<>(convs);
    for (NodeProto n : folded.getGraph().getNodeList()) {
      if (linearSet.contains(n)) {
        String x = qdq(n.getInput(0), ranges, nodes, added, dequantized);
        TensorProto w = g.inits.get(g.linearWeight(n.getInput(1)));
        String wq = dequantizeWeight(transposedPerColumn(w), w.getName() + "_int8", 1, nodes, added);
        nodes.add(n.toBuilder().setInput(0, x).setInput(1, wq).build());
      } else if (convSet.contains(n)) {
        String x = qdq(n.getInput(0), ranges, nodes, added, dequantized);
        TensorProto w = g.inits.get(n.getInput(1));
        QuantizedWeight qw = perOutputChannel(Graph.floats(w), (int) w.getDims(0), w.getDimsList());
        String wq = dequantizeWeight(qw, w.getName() + "_int8", 0, nodes, added);
        NodeProto.Builder conv = n.toBuilder().setInput(0, x).setInput(1, wq).setOutput(0, n.getOutput(0) + "_raw");
        if (n.getInputCount() >= 3 && !n.getInput(2).isEmpty()) {
          float xScale = scaleAndZero(ranges.get(n.getInput(0)))[0];
          conv.setInput(2, dequantizeBias(Graph.floats(g.inits.get(n.getInput(2))), xScale, qw.scale,
              n.getInput(2) + "_int32", nodes, added));
        }
        nodes.add(conv.build());
        qdqInto(n.getOutput(0) + "_raw", n.getOutput(0), ranges.get(n.getOutput(0)), nodes, added);
      } else {
        nodes.add(n);
      }
    }
    OnnxMl.GraphProto.Builder out = folded.getGraph().toBuilder().clearNode().clearInitializer();
    List<NodeProto> live = BundleWeights.pruneDead(nodes, folded.getGraph());
    out.addAllNode(live);
    Set<String> used = new HashSet<>();
    live.forEach(n -> used.addAll(n.getInputList()));
    for (TensorProto t : folded.getGraph().getInitializerList()) {
      if (used.contains(t.getName())) {
        out.addInitializer(t);
      }
    }
    added.forEach(out::addInitializer);
    return new Result(folded.toBuilder().setGraph(out).build(), linears.size(), convs.size(), calibration.size());
  }

  /** Per tensor {min, max} over every calibration clip, by running the graph with them as outputs. */
  static Map<String, float[]> calibrate(OnnxMl.ModelProto model, Set<String> tensors, List<float[]> clips)
      throws OrtException {
    OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
    Set<String> outputs = new HashSet<>();
    g.getOutputList().forEach(o -> outputs.add(o.getName()));
    for (String t : tensors) {
      if (!outputs.contains(t)) {
        g.addOutput(OnnxMl.ValueInfoProto.newBuilder().setName(t));
      }
    }
    byte[] bytes = model.toBuilder().setGraph(g).build().toByteArray();
    Map<String, float[]> ranges = new LinkedHashMap<>();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
      opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
      try (OrtSession session = env.createSession(bytes, opts)) {
        for (float[] clip : clips) {
          try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(clip), new long[] {1, clip.length});
              OrtSession.Result r = session.run(Map.of("waveform", in), tensors)) {
            for (String t : tensors) {
              FloatBuffer fb = ((OnnxTensor) r.get(t).orElseThrow()).getFloatBuffer();
              float[] mm = ranges.computeIfAbsent(t, k -> new float[] {Float.MAX_VALUE, -Float.MAX_VALUE});
              while (fb.hasRemaining()) {
                float v = fb.get();
                mm[0] = Math.min(mm[0], v);
                mm[1] = Math.max(mm[1], v);
              }
            }
          }
        }
      }
    }
    return ranges;
  }

  /** uint8 scale and zero point covering [min(lo, 0), max(hi, 0)]. */
  static float[] scaleAndZero(float[] range) {
    double lo = Math.min(0, range[0]);
    double hi = Math.max(0, range[1]);
    double scale = hi > lo ? (hi - lo) / 255.0 : 1.0;
    double zero = Math.max(0, Math.min(255, Math.round(-lo / scale)));
    return new float[] {(float) scale, (float) zero};
  }

  /** Q then DQ of a tensor, once per tensor however many layers read it; returns the DQ output. */
  private static String qdq(String x, Map<String, float[]> ranges, List<NodeProto> nodes, List<TensorProto> added,
      Map<String, String> done) {
    String prior = done.get(x);
    if (prior != null) {
      return prior;
    }
    String out = x + "_qdq";
    qdqInto(x, out, ranges.get(x), nodes, added);
    done.put(x, out);
    return out;
  }

  private static void qdqInto(String x, String out, float[] range, List<NodeProto> nodes, List<TensorProto> added) {
    float[] sz = scaleAndZero(range);
    String scale = out + "_scale";
    String zero = out + "_zero_point";
    added.add(floatTensor(scale, new float[] {sz[0]}));
    added.add(TensorProto.newBuilder().setName(zero).setDataType(TensorProto.DataType.UINT8_VALUE)
        .setRawData(ByteString.copyFrom(new byte[] {(byte) (int) sz[1]})).build());
    nodes.add(NodeProto.newBuilder().setOpType("QuantizeLinear").setName(out + "_q")
        .addInput(x).addInput(scale).addInput(zero).addOutput(out + "_u8").build());
    nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(out + "_dq")
        .addInput(out + "_u8").addInput(scale).addInput(zero).addOutput(out).build());
  }

  /** int8 values with one scale per output channel along {@code axis} of the stored shape. */
  public record QuantizedWeight(byte[] values, float[] scale, List<Long> dims) {}

  /** Symmetric per-output-channel int8 of a weight [out, ...] (scale = max |w| / 127). */
  public static QuantizedWeight perOutputChannel(float[] w, int out, List<Long> dims) {
    int per = w.length / out;
    byte[] q = new byte[w.length];
    float[] scale = new float[out];
    for (int o = 0; o < out; o++) {
      float max = 0;
      for (int i = 0; i < per; i++) {
        max = Math.max(max, Math.abs(w[o * per + i]));
      }
      scale[o] = max > 0 ? max / 127f : 1f;
      for (int i = 0; i < per; i++) {
        q[o * per + i] = (byte) Math.max(-127, Math.min(127, Math.round(w[o * per + i] / scale[o])));
      }
    }
    return new QuantizedWeight(q, scale, dims);
  }

  /** W [out, in] as int8 W^T [in, out] with one scale per column (output). */
  public static QuantizedWeight transposedPerColumn(TensorProto w) {
    int rows = (int) w.getDims(0);
    int cols = (int) w.getDims(1);
    QuantizedWeight byRow = perOutputChannel(Graph.floats(w), rows, w.getDimsList());
    byte[] t = new byte[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = byRow.values[r * cols + c];
      }
    }
    return new QuantizedWeight(t, byRow.scale, List.of((long) cols, (long) rows));
  }

  private static String dequantizeWeight(QuantizedWeight q, String name, int axis, List<NodeProto> nodes,
      List<TensorProto> added) {
    added.add(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT8_VALUE)
        .addAllDims(q.dims()).setRawData(ByteString.copyFrom(q.values())).build());
    added.add(floatTensor(name + "_scale", q.scale()));
    added.add(TensorProto.newBuilder().setName(name + "_zero_point").setDataType(TensorProto.DataType.INT8_VALUE)
        .addDims(q.scale().length).setRawData(ByteString.copyFrom(new byte[q.scale().length])).build());
    nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name + "_dq")
        .addInput(name).addInput(name + "_scale").addInput(name + "_zero_point").addOutput(name + "_dq")
        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(axis))
        .build());
    return name + "_dq";
  }

  /** A conv bias as int32 with scale x_scale * w_scale per channel, as the QDQ conv pattern wants. */
  private static String dequantizeBias(float[] bias, float xScale, float[] wScale, String name, List<NodeProto> nodes,
      List<TensorProto> added) {
    ByteBuffer b = ByteBuffer.allocate(bias.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    float[] scale = new float[bias.length];
    for (int o = 0; o < bias.length; o++) {
      scale[o] = xScale * wScale[o];
      b.putInt((int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, Math.round(bias[o] / (double) scale[o]))));
    }
    added.add(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT32_VALUE)
        .addDims(bias.length).setRawData(ByteString.copyFrom(b.array())).build());
    added.add(floatTensor(name + "_scale", scale));
    added.add(TensorProto.newBuilder().setName(name + "_zero_point").setDataType(TensorProto.DataType.INT32_VALUE)
        .addDims(bias.length).setRawData(ByteString.copyFrom(new byte[4 * bias.length])).build());
    nodes.add(NodeProto.newBuilder().setOpType("DequantizeLinear").setName(name + "_dq")
        .addInput(name).addInput(name + "_scale").addInput(name + "_zero_point").addOutput(name + "_dq")
        .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("axis").setType(OnnxMl.AttributeProto.AttributeType.INT).setI(0))
        .build());
    return name + "_dq";
  }

  static TensorProto floatTensor(String name, float[] data, long... dims) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(b.array()));
    if (data.length > 1 || dims.length > 0) {
      t.addDims(data.length);
    }
    return t.build();
  }

  /**
   * Folds every BatchNormalization that alone consumes a dense Conv with initializer weights into
   * that Conv (weights scaled, bias shifted), so the quantised Conv's output is the BN's output.
   */
  static OnnxMl.ModelProto foldBatchNorms(OnnxMl.ModelProto model) {
    OnnxMl.GraphProto src = model.getGraph();
    Graph g = new Graph(src);
    Map<String, List<NodeProto>> consumers = new HashMap<>();
    for (NodeProto n : src.getNodeList()) {
      n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
    }
    Set<String> graphOutputs = new HashSet<>();
    src.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
    Set<NodeProto> folded = new HashSet<>();
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> added = new ArrayList<>();
    for (NodeProto n : src.getNodeList()) {
      if (folded.contains(n)) {
        continue;
      }
      TensorProto w = g.denseConvWeight(n);
      List<NodeProto> next = consumers.getOrDefault(n.getOutput(0), List.of());
      if (w == null || next.size() != 1 || !next.getFirst().getOpType().equals("BatchNormalization")
          || graphOutputs.contains(n.getOutput(0))
          || !next.getFirst().getInputList().subList(1, 5).stream().allMatch(g.inits::containsKey)) {
        nodes.add(n);
        continue;
      }
      NodeProto bn = next.getFirst();
      int out = (int) w.getDims(0);
      float[] wf = Graph.floats(w);
      int per = wf.length / out;
      float[] bias = n.getInputCount() >= 3 && !n.getInput(2).isEmpty() ? Graph.floats(g.inits.get(n.getInput(2))) : new float[out];
      float eps = bn.getAttributeList().stream().filter(a -> a.getName().equals("epsilon"))
          .map(OnnxMl.AttributeProto::getF).findFirst().orElse(1e-5f);
      float[] gamma = Graph.floats(g.inits.get(bn.getInput(1)));
      float[] beta = Graph.floats(g.inits.get(bn.getInput(2)));
      float[] mean = Graph.floats(g.inits.get(bn.getInput(3)));
      float[] var = Graph.floats(g.inits.get(bn.getInput(4)));
      for (int o = 0; o < out; o++) {
        double k = gamma[o] / Math.sqrt(var[o] + eps);
        for (int i = 0; i < per; i++) {
          wf[o * per + i] = (float) (wf[o * per + i] * k);
        }
        bias[o] = (float) ((bias[o] - mean[o]) * k + beta[o]);
      }
      String wName = n.getInput(1) + "_bn_folded";
      String bName = n.getInput(1) + "_bn_folded_bias";
      ByteBuffer wb = ByteBuffer.allocate(wf.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      wb.asFloatBuffer().put(wf);
      added.add(TensorProto.newBuilder().setName(wName).setDataType(TensorProto.DataType.FLOAT_VALUE)
          .addAllDims(w.getDimsList()).setRawData(ByteString.copyFrom(wb.array())).build());
      added.add(floatTensor(bName, bias, out));
      NodeProto.Builder conv = n.toBuilder().setOutput(0, bn.getOutput(0)).setInput(1, wName);
      if (conv.getInputCount() >= 3) {
        conv.setInput(2, bName);
      } else {
        conv.addInput(bName);
      }
      nodes.add(conv.build());
      folded.add(bn);
    }
    OnnxMl.GraphProto.Builder out = src.toBuilder().clearNode().clearInitializer().addAllNode(nodes);
    Set<String> used = new HashSet<>();
    nodes.forEach(x -> used.addAll(x.getInputList()));
    for (TensorProto t : src.getInitializerList()) {
      if (used.contains(t.getName())) {
        out.addInitializer(t);
      }
    }
    added.forEach(out::addInitializer);
    return model.toBuilder().setGraph(out).build();
  }

  /** Lookups over a graph's nodes and initializers. */
  static final class Graph {
    final Map<String, TensorProto> inits = new HashMap<>();
    final Map<String, NodeProto> producer = new HashMap<>();

    Graph(OnnxMl.GraphProto g) {
      g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
      for (NodeProto n : g.getNodeList()) {
        n.getOutputList().forEach(o -> producer.put(o, n));
      }
    }

    /** The float32 weight W when {@code name} is Transpose(W) of a 2-d initializer, else null. */
    String linearWeight(String name) {
      NodeProto t = producer.get(name);
      if (t == null || !t.getOpType().equals("Transpose")) {
        return null;
      }
      TensorProto w = inits.get(t.getInput(0));
      return w != null && w.getDimsCount() == 2 && w.getDataType() == TensorProto.DataType.FLOAT_VALUE ? w.getName() : null;
    }

    /** The float32 weight initializer of a dense (group 1) Conv, else null. */
    TensorProto denseConvWeight(NodeProto n) {
      if (!n.getOpType().equals("Conv") || n.getInputCount() < 2) {
        return null;
      }
      long group = n.getAttributeList().stream().filter(a -> a.getName().equals("group"))
          .mapToLong(OnnxMl.AttributeProto::getI).findFirst().orElse(1);
      TensorProto w = inits.get(n.getInput(1));
      return w != null && group == 1 && w.getDataType() == TensorProto.DataType.FLOAT_VALUE && w.getDimsCount() >= 3
          ? w : null;
    }

    static float[] floats(TensorProto t) {
      return BundleWeights.floats(t);
    }

  }
}
