package ai.muq.bench;

import ai.muq.model.MuqConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Floating-point operations of one run of the exported MuQ encoder graph, counted analytically
 * from the configuration. One multiply-accumulate counts 2 FLOPs; only the MAC-bearing nodes
 * (Conv, MatMul) are counted, element-wise nodes (norms, activations, softmax, rotary) are not, so
 * the achieved GFLOP/s is comparable with a plain MatMul's.
 *
 * <p>For a clip of S samples and batch 1, with C = conv channels, D = width, F = FFN width, L =
 * layers, K = 31 (depthwise kernel), n_fft = 2048, hop = 240:
 *
 * <ul>
 *   <li>STFT as Conv1d: frames P = S / hop + 1 (centred), 2 * (2 (n_fft/2 + 1)) * n_fft * P.
 *   <li>Mel MatMul: 2 * 128 * (n_fft/2 + 1) * P.
 *   <li>Conv front on T = S / hop mel frames: Res2d A (1 -> C, stride 2) gives 64 x W1 with W1 =
 *       ceil(T / 2): conv1 and shortcut conv3 2 * 9 * C * 64 W1 each, conv2 2 * 9 * C^2 * 64 W1.
 *       Res2d B (C -> C, stride 2) gives 32 x N with N = ceil(W1 / 2) tokens: conv1, conv2, conv3
 *       2 * 9 * C^2 * 32 N each. Projection 2 * 32 C * D * N.
 *   <li>Per Conformer layer: two FFNs 2 * (2 * N * D * F); q, k, v, out projections 4 * 2 N D^2;
 *       attention scores and context 2 * 2 N^2 D; conv module pointwise D -> 2D 2 * 2 N D^2,
 *       depthwise 2 * N * D * K, pointwise D -> D 2 N D^2.
 * </ul>
 *
 * Everything scales linearly with the batch.
 */
public final class EncoderFlops {

  private EncoderFlops() {}

  /** FLOPs per part (insertion order: stft, mel, conv_front, projection, conformer parts) for one clip. */
  public static Map<String, Double> breakdown(MuqConfig c, long samples) {
    long bins = MuqConfig.N_FFT / 2 + 1;
    long p = samples / MuqConfig.HOP + 1;
    long t = samples / MuqConfig.HOP;
    long w1 = (t + 1) / 2;
    long n = (w1 + 1) / 2;
    double ch = c.convDim();
    double d = c.dim();
    double f = c.ffnDim();
    double l = c.layers();
    int h1 = MuqConfig.N_MELS / 2;
    int h2 = MuqConfig.N_MELS / 4;
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("stft_conv", 2.0 * 2 * bins * MuqConfig.N_FFT * p);
    m.put("mel_matmul", 2.0 * MuqConfig.N_MELS * bins * p);
    double resA = 2 * (2.0 * 9 * ch * h1 * w1) + 2.0 * 9 * ch * ch * h1 * w1;
    double resB = 3 * (2.0 * 9 * ch * ch * h2 * n);
    m.put("conv_front", resA + resB);
    m.put("projection", 2.0 * h2 * ch * d * n);
    m.put("ffn", l * 2 * 2 * (2.0 * n * d * f));
    m.put("attention_projections", l * 4 * 2.0 * n * d * d);
    m.put("attention_scores", l * 2 * 2.0 * n * n * d);
    m.put("conv_module", l * (2 * 2.0 * n * d * d + 2.0 * n * d * MuqConfig.CONV_KERNEL + 2.0 * n * d * d));
    return m;
  }

  /** Total FLOPs of one run at a batch size. */
  public static double total(MuqConfig c, long samples, int batch) {
    return breakdown(c, samples).values().stream().mapToDouble(Double::doubleValue).sum() * batch;
  }

  /** Tokens (25 Hz frames) of the encoder for a clip. */
  public static long tokens(long samples) {
    long t = samples / MuqConfig.HOP;
    return ((t + 1) / 2 + 1) / 2;
  }
}
