package ai.muq.bench;

import ai.muq.onnx.BundleWeights;
import ai.muq.onnx.StaticInt8;
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
    return quantize(model, false);
  }

  /**
   * As {@link #quantize(OnnxMl.ModelProto)}; with {@code convs} also every dense (group 1) Conv
   * with a weight initializer: a following BatchNormalization with initializer statistics is
   * folded into the weights first, then {@code DynamicQuantizeLinear(x)} (uint8) ->
   * {@code ConvInteger(x_q, W_q int8, x_zero)} -> Cast -> Mul(x_scale * per-channel w_scale) ->
   * Add(bias). The STFT conv (its kernels are computed in the graph) and depthwise convs stay fp32.
   */
  public static Result quantize(OnnxMl.ModelProto model, boolean convs) {
    if (convs) {
      model = quantizeConvs(model);
    }
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
    List<NodeProto> live = BundleWeights.pruneDead(nodes, g); // the Transposes and Casts left behind
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

  private static OnnxMl.ModelProto quantizeConvs(OnnxMl.ModelProto model) {
    OnnxMl.GraphProto g = model.getGraph();
    Map<String, TensorProto> inits = new HashMap<>();
    g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
    Map<String, List<NodeProto>> consumers = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      n.getInputList().forEach(i -> consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
    }
    Set<String> graphOutputs = new HashSet<>();
    g.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
    Set<NodeProto> folded = new HashSet<>();
    List<NodeProto> nodes = new ArrayList<>();
    List<TensorProto> added = new ArrayList<>();
    Map<String, String[]> quantizedInput = new HashMap<>();
    for (NodeProto n : g.getNodeList()) {
      if (folded.contains(n)) {
        continue;
      }
      TensorProto w = n.getOpType().equals("Conv") && n.getInputCount() >= 2 ? inits.get(n.getInput(1)) : null;
      long group = n.getAttributeList().stream().filter(a -> a.getName().equals("group")).mapToLong(OnnxMl.AttributeProto::getI).findFirst().orElse(1);
      if (w == null || w.getDataType() != TensorProto.DataType.FLOAT_VALUE || w.getDimsCount() < 3 || group != 1) {
        nodes.add(n);
        continue;
      }
      int out = (int) w.getDims(0);
      int per = (int) (w.getRawData().size() / 4 / out);
      float[] wf = floats(w);
      float[] bias = new float[out];
      if (n.getInputCount() >= 3 && !n.getInput(2).isEmpty()) {
        TensorProto b = inits.get(n.getInput(2));
        if (b == null) {
          nodes.add(n);
          continue;
        }
        bias = floats(b);
      }
      String y = n.getOutput(0);
      List<NodeProto> next = consumers.getOrDefault(y, List.of());
      if (next.size() == 1 && next.getFirst().getOpType().equals("BatchNormalization") && !graphOutputs.contains(y)
          && next.getFirst().getInputList().subList(1, 5).stream().allMatch(inits::containsKey)) {
        NodeProto bn = next.getFirst();
        float eps = bn.getAttributeList().stream().filter(a -> a.getName().equals("epsilon")).map(OnnxMl.AttributeProto::getF)
            .findFirst().orElse(1e-5f);
        float[] gamma = floats(inits.get(bn.getInput(1)));
        float[] beta = floats(inits.get(bn.getInput(2)));
        float[] mean = floats(inits.get(bn.getInput(3)));
        float[] var = floats(inits.get(bn.getInput(4)));
        for (int o = 0; o < out; o++) {
          double k = gamma[o] / Math.sqrt(var[o] + eps);
          for (int i = 0; i < per; i++) {
            wf[o * per + i] = (float) (wf[o * per + i] * k);
          }
          bias[o] = (float) ((bias[o] - mean[o]) * k + beta[o]);
        }
        folded.add(bn);
        y = bn.getOutput(0);
      }
      StaticInt8.QuantizedWeight qw = StaticInt8.perOutputChannel(wf, out, w.getDimsList());
      byte[] q = qw.values();
      float[] scale = qw.scale();
      String base = n.getInput(1) + "_int8";
      long[] bshape = new long[w.getDimsCount()];
      java.util.Arrays.fill(bshape, 1);
      bshape[1] = out;
      added.add(TensorProto.newBuilder().setName(base).setDataType(TensorProto.DataType.INT8_VALUE)
          .addAllDims(w.getDimsList()).setRawData(ByteString.copyFrom(q)).build());
      added.add(TensorProto.newBuilder().setName(base + "_zero_point").setDataType(TensorProto.DataType.INT8_VALUE)
          .setRawData(ByteString.copyFrom(new byte[1])).build());
      added.add(floatTensor(base + "_scale", scale, bshape));
      added.add(floatTensor(base + "_bias", bias, bshape));
      String[] xq = quantizedInput.get(n.getInput(0));
      if (xq == null) {
        String x = n.getInput(0);
        xq = new String[] {x + "_u8", x + "_u8_scale", x + "_u8_zero_point"};
        nodes.add(NodeProto.newBuilder().setOpType("DynamicQuantizeLinear").setName(x + "_quantize")
            .addInput(x).addOutput(xq[0]).addOutput(xq[1]).addOutput(xq[2]).build());
        quantizedInput.put(x, xq);
      }
      NodeProto.Builder conv = NodeProto.newBuilder().setOpType("ConvInteger").setName(n.getName() + "_int8")
          .addInput(xq[0]).addInput(base).addInput(xq[2]).addInput(base + "_zero_point").addOutput(y + "_i32");
      n.getAttributeList().stream().filter(a -> !a.getName().equals("group")).forEach(conv::addAttribute);
      nodes.add(conv.build());
      nodes.add(NodeProto.newBuilder().setOpType("Cast").setName(y + "_cast").addInput(y + "_i32").addOutput(y + "_f32")
          .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("to").setType(OnnxMl.AttributeProto.AttributeType.INT)
              .setI(TensorProto.DataType.FLOAT_VALUE)).build());
      nodes.add(NodeProto.newBuilder().setOpType("Mul").setName(y + "_rescale_k").addInput(xq[1]).addInput(base + "_scale")
          .addOutput(y + "_k").build());
      nodes.add(NodeProto.newBuilder().setOpType("Mul").setName(y + "_rescale").addInput(y + "_f32").addInput(y + "_k")
          .addOutput(y + "_scaled").build());
      nodes.add(NodeProto.newBuilder().setOpType("Add").setName(y + "_bias").addInput(y + "_scaled").addInput(base + "_bias")
          .addOutput(y).build());
    }
    OnnxMl.GraphProto.Builder gb = g.toBuilder().clearNode().clearInitializer();
    gb.addAllNode(nodes);
    Set<String> used = new HashSet<>();
    nodes.forEach(x -> used.addAll(x.getInputList()));
    graphOutputs.forEach(used::add);
    for (TensorProto t : g.getInitializerList()) {
      if (used.contains(t.getName())) {
        gb.addInitializer(t);
      }
    }
    added.forEach(gb::addInitializer);
    return model.toBuilder().setGraph(gb).build();
  }

  private static TensorProto floatTensor(String name, float[] data, long[] shape) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(b.array()));
    for (long d : shape) {
      t.addDims(d);
    }
    return t.build();
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
    StaticInt8.QuantizedWeight q = StaticInt8.transposedPerColumn(w);
    int rows = q.scale().length;
    ByteBuffer sb = ByteBuffer.allocate(rows * 4).order(ByteOrder.LITTLE_ENDIAN);
    sb.asFloatBuffer().put(q.scale());
    return List.of(
        TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT8_VALUE)
            .addAllDims(q.dims()).setRawData(ByteString.copyFrom(q.values())).build(),
        TensorProto.newBuilder().setName(name + "_scale").setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addDims(rows).setRawData(ByteString.copyFrom(sb.array())).build(),
        TensorProto.newBuilder().setName(name + "_zero_point").setDataType(TensorProto.DataType.INT8_VALUE)
            .addDims(rows).setRawData(ByteString.copyFrom(new byte[rows])).build());
  }

  /** The values of a raw-data fp32 or fp16 initializer. */
  static float[] floats(TensorProto t) {
    return BundleWeights.floats(t);
  }

}
