package ai.muq.bench;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dynamic int8 quantisation as a rewrite of an exported graph (ONNX Runtime's Java API has no
 * quantiser). Every {@code MatMul(x, Transpose(W))} whose W is a weight initializer (fp32, or
 * fp16 behind a Cast) becomes {@code com.microsoft.DynamicQuantizeMatMul(x, Wq, scale, zero)}:
 * the weight is quantised once, symmetric per output column (scale = max |w| / 127, zero point
 * 0, int8), and the activation is quantised per run to uint8 by the operator itself, which is
 * ONNX Runtime CPU's fast u8s8 path.
 *
 * <p>Only linear layers are rewritten: activation-by-activation MatMuls (attention scores and
 * context) and Conv nodes (STFT, Res2d front, the Conformer convolution module's pointwise and
 * depthwise convolutions) stay fp32.
 */
public final class Int8Quantizer {

  public static final String MS_DOMAIN = "com.microsoft";

  /** What a rewrite did. */
  public record Result(OnnxMl.ModelProto model, int matmulsQuantized, long weightsQuantized) {}

  private Int8Quantizer() {}

  public static Result quantize(OnnxMl.ModelProto model) {
    OnnxMl.GraphProto g = model.getGraph();
    Map<String, TensorProto> inits = new HashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
    Map<String, NodeProto> producer = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      n.getOutputList().forEach(o -> producer.put(o, n));
    }
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> added = new ArrayList<>();
    Map<String, String> quantizedOf = new HashMap<>();
    int rewritten = 0;
    long weights = 0;
    for (NodeProto n : g.getNodeList()) {
      String weight = n.getOpType().equals("MatMul") ? linearWeight(n.getInput(1), producer, inits) : null;
      if (weight == null) {
        nodes.add(n);
        continue;
      }
      String q = quantizedOf.get(weight);
      if (q == null) {
        TensorProto w = inits.get(weight);
        q = weight + "_int8";
        added.addAll(quantizeTransposed(w, q));
        quantizedOf.put(weight, q);
        weights += w.getDims(0) * w.getDims(1);
      }
      nodes.add(NodeProto.newBuilder()
          .setOpType("DynamicQuantizeMatMul")
          .setDomain(MS_DOMAIN)
          .setName(n.getName() + "_int8")
          .addInput(n.getInput(0))
          .addInput(q)
          .addInput(q + "_scale")
          .addInput(q + "_zero_point")
          .addOutput(n.getOutput(0))
          .build());
      rewritten++;
    }
    OnnxMl.GraphProto.Builder out = g.toBuilder().clearNode().clearInitializer();
    List<NodeProto> live = pruneDead(nodes, g);
    out.addAllNode(live);
    Set<String> used = new HashSet<>();
    live.forEach(n -> used.addAll(n.getInputList()));
    g.getOutputList().forEach(o -> used.add(o.getName()));
    for (TensorProto t : g.getInitializerList()) {
      if (used.contains(t.getName())) {
        out.addInitializer(t);
      }
    }
    added.forEach(out::addInitializer);
    OnnxMl.ModelProto.Builder m = model.toBuilder().setGraph(out);
    if (m.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(MS_DOMAIN))) {
      m.addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain(MS_DOMAIN).setVersion(1));
    }
    return new Result(m.build(), rewritten, weights);
  }

  /** The fp32 or fp16 weight initializer W when {@code name} is Transpose(W) or Transpose(Cast(W)), else null. */
  private static String linearWeight(String name, Map<String, NodeProto> producer, Map<String, TensorProto> inits) {
    NodeProto t = producer.get(name);
    if (t == null || !t.getOpType().equals("Transpose")) {
      return null;
    }
    List<Long> perm = t.getAttributeList().stream().filter(a -> a.getName().equals("perm")).findFirst()
        .map(OnnxMl.AttributeProto::getIntsList).orElse(List.of());
    if (!perm.equals(List.of(1L, 0L))) {
      return null;
    }
    String src = t.getInput(0);
    NodeProto cast = producer.get(src);
    if (cast != null && cast.getOpType().equals("Cast")) {
      src = cast.getInput(0);
    }
    TensorProto w = inits.get(src);
    if (w == null || w.getDimsCount() != 2) {
      return null;
    }
    int type = w.getDataType();
    return type == TensorProto.DataType.FLOAT_VALUE || type == TensorProto.DataType.FLOAT16_VALUE ? src : null;
  }

  /** W [out, in] to int8 W^T [in, out] with per-column (per output) scale and zero point. */
  static List<TensorProto> quantizeTransposed(TensorProto w, String name) {
    int rows = (int) w.getDims(0);
    int cols = (int) w.getDims(1);
    float[] data = floats(w);
    byte[] q = new byte[rows * cols];
    float[] scale = new float[rows];
    for (int r = 0; r < rows; r++) {
      float max = 0;
      for (int c = 0; c < cols; c++) {
        max = Math.max(max, Math.abs(data[r * cols + c]));
      }
      scale[r] = max > 0 ? max / 127f : 1f;
      for (int c = 0; c < cols; c++) {
        int v = Math.round(data[r * cols + c] / scale[r]);
        q[c * rows + r] = (byte) Math.max(-127, Math.min(127, v));
      }
    }
    ByteBuffer sb = ByteBuffer.allocate(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
    sb.asFloatBuffer().put(scale);
    return List.of(
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT8_VALUE)
            .addDims(cols).addDims(rows).setRawData(ByteString.copyFrom(q)).build(),
        TensorProto.newBuilder().setName(name + "_scale").setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addDims(rows).setRawData(ByteString.copyFrom(sb.array())).build(),
        TensorProto.newBuilder().setName(name + "_zero_point").setDataType(TensorProto.DataType.INT8_VALUE)
            .addDims(rows).setRawData(ByteString.copyFrom(new byte[rows])).build());
  }

  /** The values of a raw-data fp32 or fp16 initializer. */
  static float[] floats(TensorProto t) {
    ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (t.getDataType() == TensorProto.DataType.FLOAT16_VALUE) {
      float[] f = new float[b.remaining() / 2];
      for (int i = 0; i < f.length; i++) {
        f[i] = Float.float16ToFloat(b.getShort());
      }
      return f;
    }
    float[] f = new float[b.remaining() / 4];
    b.asFloatBuffer().get(f);
    return f;
  }

  /** Drops nodes none of whose outputs is consumed or a graph output (the Transposes and Casts left behind). */
  private static List<NodeProto> pruneDead(List<NodeProto> nodes, OnnxMl.GraphProto g) {
    List<NodeProto> live = nodes;
    while (true) {
      Set<String> consumed = new HashSet<>();
      live.forEach(n -> consumed.addAll(n.getInputList()));
      g.getOutputList().forEach(o -> consumed.add(o.getName()));
      List<NodeProto> next = live.stream().filter(n -> n.getOutputList().stream().anyMatch(consumed::contains)).toList();
      if (next.size() == live.size()) {
        return live;
      }
      live = next;
    }
  }
}
