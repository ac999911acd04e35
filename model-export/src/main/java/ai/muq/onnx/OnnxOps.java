package ai.muq.onnx;

import ai.muq.model.Ops;
import ai.muq.model.ParamStore;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Symbolic {@link Ops}: running a model part's forward pass with these ops records it as an ONNX
 * graph (opset {@value #OPSET}) instead of computing it. Parameters become initializers named as
 * in the checkpoint. Every operator used is one that ONNX Runtime's CUDA execution provider
 * implements.
 */
public final class OnnxOps implements Ops<OnnxOps.Value> {

  public static final int OPSET = 17;

  /** A named value of the graph being recorded. */
  public record Value(String name) {}

  /** Element type of weights stored in the graph. */
  public enum WeightType {
    FLOAT32,
    /** fp16 storage, cast to fp32 where used: halves the file, computation stays fp32. */
    FLOAT16
  }

  private final ParamStore store;
  private final WeightType weightType;
  private final StftFrontEnd stft;
  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
  private final Set<String> initialized = new HashSet<>();
  private final Map<String, Value> paramValues = new LinkedHashMap<>();
  private final List<OnnxMl.ValueInfoProto> inputs = new ArrayList<>();
  private int counter;

  public OnnxOps(ParamStore store, WeightType weightType, StftFrontEnd stft) {
    this.store = store;
    this.weightType = weightType;
    this.stft = stft;
  }

  public OnnxOps(ParamStore store, WeightType weightType) {
    this(store, weightType, StftFrontEnd.CONV);
  }

  public OnnxOps(ParamStore store) {
    this(store, WeightType.FLOAT32);
  }

  // ---------------------------------------------------------------- graph building

  /** Declares a graph input; dims are fixed sizes (> 0) or symbolic names (String). */
  public Value input(String name, int elemType, Object... dims) {
    graph.addInput(valueInfo(name, elemType, dims));
    return new Value(name);
  }

  /** Declares a graph output, renaming the value through an Identity node. */
  public void output(Value v, String name, int elemType, Object... dims) {
    node("Identity", List.of(v), name, List.of());
    graph.addOutput(valueInfo(name, elemType, dims));
  }

  /** Finishes the model with its metadata. */
  public OnnxMl.ModelProto build(String graphName, Map<String, String> metadata) {
    graph.setName(graphName);
    OnnxMl.ModelProto.Builder m =
        OnnxMl.ModelProto.newBuilder()
            .setIrVersion(8)
            .setProducerName("muq-model-export")
            .setProducerVersion("0.1.0")
            .setDomain("ai.muq")
            .setModelVersion(1)
            .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .setGraph(graph);
    metadata.forEach(
        (k, v) -> m.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    return m.build();
  }

  private static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, Object... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (Object d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d instanceof String s) {
        dim.setDimParam(s);
      } else {
        dim.setDimValue(((Number) d).longValue());
      }
      shape.addDim(dim);
    }
    return OnnxMl.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            OnnxMl.TypeProto.newBuilder()
                .setTensorType(
                    OnnxMl.TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape)))
        .build();
  }

  private String fresh(String op) {
    return op.toLowerCase() + "_" + (counter++);
  }

  private Value node(String op, List<Value> in, List<AttributeProto> attrs) {
    return node(op, in, fresh(op), attrs);
  }

  private Value node(String op, List<Value> in, String out, List<AttributeProto> attrs) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
    for (Value v : in) {
      n.addInput(v == null ? "" : v.name());
    }
    n.addAllAttribute(attrs);
    graph.addNode(n);
    return new Value(out);
  }

  private static AttributeProto intAttr(String name, long v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(v)
        .build();
  }

  private static AttributeProto intsAttr(String name, long... v) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long x : v) {
      a.addInts(x);
    }
    return a.build();
  }

  private static AttributeProto floatAttr(String name, float v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF(v)
        .build();
  }

  private static AttributeProto stringAttr(String name, String v) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(v))
        .build();
  }

  private Value floatInit(String name, float[] data, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(data);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE)
            .addAllDims(toList(shape))
            .setRawData(ByteString.copyFrom(b.array())));
    return new Value(name);
  }

  private Value halfInit(String name, float[] data, long... shape) {
    ByteBuffer b = ByteBuffer.allocate(data.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : data) {
      b.putShort(Float.floatToFloat16(f));
    }
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.FLOAT16_VALUE)
            .addAllDims(toList(shape))
            .setRawData(ByteString.copyFrom(b.array())));
    return new Value(name);
  }

  private Value longInit(long... data) {
    String name = fresh("const_i64");
    ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(data);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(data.length)
            .setRawData(ByteString.copyFrom(b.array())));
    return new Value(name);
  }

  private Value longScalar(long v) {
    String name = fresh("scalar_i64");
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(v);
    graph.addInitializer(
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .setRawData(ByteString.copyFrom(b.array())));
    return new Value(name);
  }

  private Value floatScalar(float v) {
    return floatInit(fresh("scalar"), new float[] {v});
  }

  private static List<Long> toList(long[] a) {
    List<Long> l = new ArrayList<>(a.length);
    for (long x : a) {
      l.add(x);
    }
    return l;
  }

  // ---------------------------------------------------------------- Ops

  @Override
  public Value param(String name) {
    Value v = paramValues.get(name);
    if (v != null) {
      return v;
    }
    long[] shape = store.spec(name).shape();
    float[] data = store.floats(name);
    boolean half = weightType == WeightType.FLOAT16 && store.spec(name).trainable() && data.length > 1;
    if (half) {
      halfInit(name, data, shape);
      v = node("Cast", List.of(new Value(name)), name + "_fp32", List.of(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
    } else {
      v = floatInit(name, data, shape);
    }
    initialized.add(name);
    paramValues.put(name, v);
    return v;
  }

  @Override
  public boolean training() {
    return false;
  }

  @Override
  public Value constant(String name, float[] data, long... shape) {
    if (!initialized.add(name)) {
      return new Value(name);
    }
    return floatInit(name, data, shape);
  }

  @Override
  public Value add(Value a, Value b) {
    return node("Add", List.of(a, b), List.of());
  }

  @Override
  public Value sub(Value a, Value b) {
    return node("Sub", List.of(a, b), List.of());
  }

  @Override
  public Value mul(Value a, Value b) {
    return node("Mul", List.of(a, b), List.of());
  }

  @Override
  public Value div(Value a, Value b) {
    return node("Div", List.of(a, b), List.of());
  }

  @Override
  public Value addScalar(Value x, float s) {
    return add(x, floatScalar(s));
  }

  @Override
  public Value mulScalar(Value x, float s) {
    return mul(x, floatScalar(s));
  }

  @Override
  public Value maxScalar(Value x, float s) {
    return node("Max", List.of(x, floatScalar(s)), List.of());
  }

  @Override
  public Value sqrt(Value x) {
    return node("Sqrt", List.of(x), List.of());
  }

  @Override
  public Value log10(Value x) {
    return mulScalar(node("Log", List.of(x), List.of()), (float) (1.0 / Math.log(10)));
  }

  @Override
  public Value relu(Value x) {
    return node("Relu", List.of(x), List.of());
  }

  @Override
  public Value sigmoid(Value x) {
    return node("Sigmoid", List.of(x), List.of());
  }

  @Override
  public Value erf(Value x) {
    return node("Erf", List.of(x), List.of());
  }

  @Override
  public Value cos(Value x) {
    return node("Cos", List.of(x), List.of());
  }

  @Override
  public Value sin(Value x) {
    return node("Sin", List.of(x), List.of());
  }

  @Override
  public Value matmul(Value a, Value b) {
    return node("MatMul", List.of(a, b), List.of());
  }

  @Override
  public Value transpose(Value x, int... perm) {
    long[] p = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      p[i] = perm[i];
    }
    return node("Transpose", List.of(x), List.of(intsAttr("perm", p)));
  }

  @Override
  public Value reshape(Value x, long... shape) {
    return node("Reshape", List.of(x, longInit(shape)), List.of());
  }

  @Override
  public Value slice(Value x, int axis, long start, long end) {
    return node(
        "Slice", List.of(x, longInit(start), longInit(end), longInit(axis)), List.of());
  }

  @Override
  public Value concat(int axis, List<Value> parts) {
    return node("Concat", parts, List.of(intAttr("axis", axis)));
  }

  @Override
  public Value softmax(Value x, int axis) {
    return node("Softmax", List.of(x), List.of(intAttr("axis", axis)));
  }

  @Override
  public Value reduceMean(Value x, int axis, boolean keepDims) {
    return node(
        "ReduceMean",
        List.of(x),
        List.of(intsAttr("axes", axis), intAttr("keepdims", keepDims ? 1 : 0)));
  }

  @Override
  public Value reduceSum(Value x, int axis, boolean keepDims) {
    return node("ReduceSum", List.of(x, longInit(axis)), List.of(intAttr("keepdims", keepDims ? 1 : 0)));
  }

  @Override
  public Value layerNorm(Value x, Value gamma, Value beta, float eps) {
    List<Value> in = beta == null ? List.of(x, gamma) : List.of(x, gamma, beta);
    return node(
        "LayerNormalization", in, List.of(intAttr("axis", -1), floatAttr("epsilon", eps)));
  }

  @Override
  public Value batchNorm(Value x, String prefix, float eps) {
    return node(
        "BatchNormalization",
        List.of(
            x,
            param(prefix + ".weight"),
            param(prefix + ".bias"),
            param(prefix + ".running_mean"),
            param(prefix + ".running_var")),
        List.of(floatAttr("epsilon", eps)));
  }

  @Override
  public Value conv1d(Value x, Value weight, Value bias, int stride, int padding, int groups) {
    List<Value> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
    return node(
        "Conv",
        in,
        List.of(
            intsAttr("strides", stride),
            intsAttr("pads", padding, padding),
            intAttr("group", groups)));
  }

  @Override
  public Value conv2d(Value x, Value weight, Value bias, int strideH, int strideW, int padH, int padW) {
    List<Value> in = bias == null ? List.of(x, weight) : List.of(x, weight, bias);
    return node(
        "Conv",
        in,
        List.of(intsAttr("strides", strideH, strideW), intsAttr("pads", padH, padW, padH, padW)));
  }

  /** Reflect padding of the last axis of [batch, samples]. */
  private Value reflectPad(Value x, int pad) {
    return node(
        "Pad", List.of(x, longInit(0, pad, 0, pad)), List.of(stringAttr("mode", "reflect")));
  }

  @Override
  public Value positions(Value x, int axis) {
    Value shape = node("Shape", List.of(x), List.of());
    Value n = node("Gather", List.of(shape, longScalar(axis)), List.of(intAttr("axis", 0)));
    Value range = node("Range", List.of(longScalar(0), n, longScalar(1)), List.of());
    return toFloat(range);
  }

  /**
   * The DFT kernels of a centred STFT as a conv1d weight [2 * (nFft / 2 + 1), 1, nFft]: windowed
   * cosine rows, then windowed negated sine rows, periodic Hann window. Computed in the graph
   * from integers ((f * n) mod nFft keeps the angle exact) so that no megabytes of constants are
   * stored; ONNX Runtime folds them at load.
   */
  private Value stftKernels(int nFft) {
    int bins = nFft / 2 + 1;
    Value f = node("Range", List.of(longScalar(0), longScalar(bins), longScalar(1)), List.of());
    Value n = node("Range", List.of(longScalar(0), longScalar(nFft), longScalar(1)), List.of());
    Value fn =
        node(
            "Mul",
            List.of(node("Reshape", List.of(f, longInit(bins, 1)), List.of()), node("Reshape", List.of(n, longInit(1, nFft)), List.of())),
            List.of());
    // (f * n) mod nFft in integers keeps the angle exact before the float conversion.
    Value m = node("Mod", List.of(fn, longScalar(nFft)), List.of());
    float step = (float) (2 * Math.PI / nFft);
    Value angle = mulScalar(toFloat(m), step);
    Value window =
        addScalar(mulScalar(cos(mulScalar(toFloat(n), step)), -0.5f), 0.5f);
    Value re = mul(cos(angle), window);
    Value im = mul(mulScalar(sin(angle), -1f), window);
    return reshape(concat(0, List.of(re, im)), 2L * bins, 1, nFft);
  }

  @Override
  public Value stftPower(Value waveform, int nFft, int hop) {
    return stft == StftFrontEnd.FFT ? fftPower(waveform, nFft, hop) : convPower(waveform, nFft, hop);
  }

  /**
   * The same power spectrogram as a two-stage Cooley-Tukey FFT written with MatMuls, so it needs
   * no DFT operator (ORT's STFT kernel took 235 ms per 10 s clip here, more than this whole
   * front-end) and runs on every provider. With nFft = N1 * N2 (N1 = 32, N2 = nFft / 32), sample n
   * = N2 * n1 + n2 and bin k = k1 + N1 * k2:
   * X[k] = sum_n2 W_nFft^(n2 k1) W_N2^(n2 k2) sum_n1 x[n1, n2] W_N1^(n1 k1).
   * Frames are gathered from the reflect-padded waveform [B, F, N1, N2] and windowed; stage 1 is
   * a [2 N1, N1] MatMul (real and imaginary rows), then the twiddle factors, then stage 2 a [2 N2,
   * 2 (N2 / 2 + 1)] MatMul giving only the one-sided bins (k2 <= N2 / 2). About 0.8 GFLOP per 10
   * s clip instead of the Conv1d's 8.4. Constants are computed in float64.
   */
  private Value fftPower(Value waveform, int nFft, int hop) {
    int n1 = 32;
    int n2 = nFft / n1;
    if (n1 * n2 != nFft || n2 % 2 != 0) {
      throw new IllegalArgumentException("n_fft must be a multiple of 64: " + nFft);
    }
    int bins = nFft / 2 + 1;
    int k2s = n2 / 2 + 1;
    Value padded = reflectPad(waveform, nFft / 2);
    // frame starts 0, hop, ..., (F - 1) * hop with F = (padded length - nFft) / hop + 1
    Value length = node("Gather", List.of(node("Shape", List.of(padded), List.of()), longScalar(1)), List.of(intAttr("axis", 0)));
    Value frames = node("Add", List.of(node("Div", List.of(node("Sub", List.of(length, longScalar(nFft)), List.of()), longScalar(hop)), List.of()), longScalar(1)), List.of());
    Value starts = node("Mul", List.of(node("Range", List.of(longScalar(0), frames, longScalar(1)), List.of()), longScalar(hop)), List.of());
    Value offsets = node("Range", List.of(longScalar(0), longScalar(nFft), longScalar(1)), List.of());
    Value index =
        node("Add", List.of(node("Reshape", List.of(starts, longInit(-1, 1)), List.of()), node("Reshape", List.of(offsets, longInit(1, nFft)), List.of())), List.of());
    Value framed = node("Gather", List.of(padded, index), List.of(intAttr("axis", 1))); // [B, F, nFft]
    double[] window = new double[nFft];
    for (int n = 0; n < nFft; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / nFft);
    }
    Value x = reshape(mul(framed, constant("fft_window", toFloats(window), nFft)), 0, 0, n1, n2);
    // stage 1: rows k1 (real), N1 + k1 (imaginary) of W_N1^(n1 k1)
    double[] s1 = new double[2 * n1 * n1];
    for (int k = 0; k < n1; k++) {
      for (int n = 0; n < n1; n++) {
        double a = -2 * Math.PI * ((long) k * n % n1) / n1;
        s1[k * n1 + n] = Math.cos(a);
        s1[(n1 + k) * n1 + n] = Math.sin(a);
      }
    }
    Value a = matmul(constant("fft_stage1", toFloats(s1), 2L * n1, n1), x); // [B, F, 2 N1, N2]
    // twiddles W_nFft^(n2 k1), applied as (re, im) * (c + i s); stacked [2 N1, N2] for re and im
    double[] tc = new double[2 * n1 * n2];
    double[] ts = new double[2 * n1 * n2];
    for (int k = 0; k < n1; k++) {
      for (int n = 0; n < n2; n++) {
        double ang = -2 * Math.PI * ((long) k * n % nFft) / nFft;
        tc[k * n2 + n] = Math.cos(ang);
        tc[(n1 + k) * n2 + n] = Math.cos(ang);
        ts[k * n2 + n] = -Math.sin(ang); // re' = re c - im s: the im rows are swapped in below
        ts[(n1 + k) * n2 + n] = Math.sin(ang); // im' = im c + re s
      }
    }
    Value swapped = concat(2, List.of(slice(a, 2, n1, 2L * n1), slice(a, 2, 0, n1))); // (im, re)
    Value b = add(mul(a, constant("fft_twiddle_cos", toFloats(tc), 2L * n1, n2)),
        mul(swapped, constant("fft_twiddle_sin", toFloats(ts), 2L * n1, n2)));
    // stage 2: [re | im] along N2 times [[C, S], [-S, C]] with C + iS = W_N2^(n2 k2), k2 <= N2 / 2
    Value bRe = slice(b, 2, 0, n1);
    Value bIm = slice(b, 2, n1, 2L * n1);
    double[] s2 = new double[2 * n2 * 2 * k2s];
    int cols = 2 * k2s;
    for (int n = 0; n < n2; n++) {
      for (int k = 0; k < k2s; k++) {
        double ang = -2 * Math.PI * ((long) n * k % n2) / n2;
        s2[n * cols + k] = Math.cos(ang);
        s2[n * cols + k2s + k] = Math.sin(ang);
        s2[(n2 + n) * cols + k] = -Math.sin(ang);
        s2[(n2 + n) * cols + k2s + k] = Math.cos(ang);
      }
    }
    Value spec = matmul(concat(3, List.of(bRe, bIm)), constant("fft_stage2", toFloats(s2), 2L * n2, cols)); // [B, F, N1, 2 K2]
    Value re = slice(spec, 3, 0, k2s);
    Value im = slice(spec, 3, k2s, cols);
    Value power = add(mul(re, re), mul(im, im)); // [B, F, k1, k2]
    // bin k = k1 + N1 k2: k2-major, then keep the one-sided bins
    Value ordered = reshape(transpose(power, 0, 3, 2, 1), 0, (long) k2s * n1, -1);
    return slice(ordered, 1, 0, bins);
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private Value convPower(Value waveform, int nFft, int hop) {
    int bins = nFft / 2 + 1;
    Value padded = reshape(reflectPad(waveform, nFft / 2), 0, 1, -1);
    Value spec = conv1d(padded, stftKernels(nFft), null, hop, 0, 1);
    Value re = slice(spec, 1, 0, bins);
    Value im = slice(spec, 1, bins, 2L * bins);
    return add(mul(re, re), mul(im, im));
  }

  @Override
  public Value toFloat(Value x) {
    return node("Cast", List.of(x), List.of(intAttr("to", TensorProto.DataType.FLOAT_VALUE)));
  }

  @Override
  public Value toLong(Value x) {
    return node("Cast", List.of(x), List.of(intAttr("to", TensorProto.DataType.INT64_VALUE)));
  }

  @Override
  public Value gather(Value table, Value indices) {
    return node("Gather", List.of(table, indices), List.of(intAttr("axis", 0)));
  }

  @Override
  public Value cumsum(Value x, int axis) {
    return node("CumSum", List.of(x, longScalar(axis)), List.of());
  }
}
