package ai.muq.bench;

import ai.muq.onnx.OnnxOps;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Session settings and timing of ONNX Runtime runs, without JMH. */
public final class OrtBench {

  private OrtBench() {}

  /**
   * Session settings compared by the bench.
   *
   * @param level graph optimisation level
   * @param intraThreads intra-op threads (0 = ORT's default: one per physical core)
   * @param interThreads inter-op threads; above 1 the session runs in parallel execution mode
   */
  public record Settings(OrtSession.SessionOptions.OptLevel level, int intraThreads, int interThreads) {
    public String label() {
      return level.name() + ", intra " + (intraThreads == 0 ? "default" : intraThreads) + ", inter " + interThreads
          + (interThreads > 1 ? " (parallel)" : "");
    }

    public OrtSession.SessionOptions options() throws OrtException {
      OrtSession.SessionOptions o = new OrtSession.SessionOptions();
      o.setOptimizationLevel(level);
      if (intraThreads > 0) {
        o.setIntraOpNumThreads(intraThreads);
      }
      o.setInterOpNumThreads(Math.max(1, interThreads));
      o.setExecutionMode(interThreads > 1
          ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
          : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      return o;
    }
  }

  /** Seconds per run: median and minimum of the timed repeats. */
  public record Timing(double medianSeconds, double minSeconds, List<Double> runs) {}

  /**
   * Times a session: a fixed number of warm-up runs (ORT allocates its arenas and MLAS packs
   * weights on the first runs), then {@code repeats} timed runs. Deterministic: no adaptive
   * stopping, the same input every run.
   */
  public static Timing time(OrtSession s, Map<String, OnnxTensor> in, Set<String> outputs, int warmup, int repeats)
      throws OrtException {
    if (repeats < 1 || warmup < 0) {
      throw new IllegalArgumentException("repeats >= 1, warmup >= 0");
    }
    for (int i = 0; i < warmup; i++) {
      s.run(in, outputs).close();
    }
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      s.run(in, outputs).close();
      runs.add((System.nanoTime() - t0) / 1e9);
    }
    double[] sorted = runs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Timing(median, sorted[0], runs);
  }

  /** A single fp32 MatMul [n, n] x [n, n] graph, the machine's reference GEMM speed. */
  public static byte[] matmulGraph() {
    OnnxOps ops = new OnnxOps(null);
    int f = TensorProto.DataType.FLOAT_VALUE;
    OnnxOps.Value a = ops.input("a", f, "n", "k");
    OnnxOps.Value b = ops.input("b", f, "k", "m");
    ops.output(ops.matmul(a, b), "c", f, "n", "m");
    return ops.build("matmul", Map.of()).toByteArray();
  }

  /** GFLOP/s of an n x n x n fp32 MatMul in this ORT with these settings (median of the repeats). */
  public static double matmulGflops(OrtEnvironment env, int n, Settings settings, int warmup, int repeats)
      throws OrtException {
    return matmulGflops(env, n, settings, false, warmup, repeats);
  }

  /** As above, on the CUDA execution provider (device 0) when {@code cuda}. */
  public static double matmulGflops(OrtEnvironment env, int n, Settings settings, boolean cuda, int warmup, int repeats)
      throws OrtException {
    OrtSession.SessionOptions options = settings.options();
    if (cuda) {
      options.addCUDA(0);
    }
    float[] data = new float[n * n];
    for (int i = 0; i < data.length; i++) {
      data[i] = ((i * 2654435761L) % 1000) / 1000f - 0.5f;
    }
    try (OrtSession s = env.createSession(matmulGraph(), options);
        OnnxTensor a = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {n, n});
        OnnxTensor b = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {n, n})) {
      Timing t = time(s, Map.of("a", a, "b", b), Set.of("c"), warmup, repeats);
      return 2.0 * n * n * n / t.medianSeconds() / 1e9;
    }
  }

  /**
   * A deterministic music-like test waveform per batch row: a few harmonics of a per-row pitch
   * plus low-level pseudo-random noise, amplitude well inside [-1, 1].
   */
  public static float[] testWaveform(int batch, int samples, int sampleRate) {
    float[] w = new float[batch * samples];
    long seed = 0x2545F4914F6CDD1DL;
    for (int b = 0; b < batch; b++) {
      double f0 = 110 * Math.pow(2, b / 12.0);
      for (int i = 0; i < samples; i++) {
        double t = (double) i / sampleRate;
        double v = 0;
        for (int h = 1; h <= 4; h++) {
          v += 0.2 / h * Math.sin(2 * Math.PI * f0 * h * t);
        }
        seed ^= seed << 13;
        seed ^= seed >>> 7;
        seed ^= seed << 17;
        v += 0.02 * ((seed >>> 11) / (double) (1L << 53) - 0.5);
        w[b * samples + i] = (float) v;
      }
    }
    return w;
  }

  /** Largest absolute difference between two arrays of the same length. */
  public static double maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  public static double maxAbs(float[] a) {
    return Arrays.stream(toDouble(a)).map(Math::abs).max().orElse(0);
  }

  private static double[] toDouble(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
