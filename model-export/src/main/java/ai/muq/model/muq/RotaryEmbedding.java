package ai.muq.model.muq;

import ai.muq.model.MuqConfig;
import ai.muq.model.Ops;

/**
 * Rotary position embedding of the wav2vec2-conformer (base 10 000, whole head dimension,
 * rotate-half form with frequencies duplicated over both halves).
 *
 * @param <T> tensor handle
 * @param cos cos(t * inv_freq) as [T, 1, head_dim], broadcast over batch and heads
 * @param sin sin(t * inv_freq) as [T, 1, head_dim]
 */
public record RotaryEmbedding<T>(T cos, T sin) {

  /** The tables for the token axis (1) of x [B, T, D]. */
  public static <T> RotaryEmbedding<T> of(Ops<T> ops, T x, int headDim) {
    float[] invFreq = new float[headDim];
    int half = headDim / 2;
    for (int i = 0; i < half; i++) {
      double f = 1.0 / Math.pow(MuqConfig.ROTARY_BASE, (2.0 * i) / headDim);
      invFreq[i] = (float) f;
      invFreq[i + half] = (float) f;
    }
    T t = ops.reshape(ops.positions(x, 1), -1, 1);
    T freqs = ops.mul(t, ops.constant("rotary_inv_freq_" + headDim, invFreq, 1, headDim));
    T angles = ops.reshape(freqs, -1, 1, headDim);
    return new RotaryEmbedding<>(ops.cos(angles), ops.sin(angles));
  }

  /** Rotates x [B, T, D] viewed as [B, T, H, head_dim]. */
  public T apply(Ops<T> ops, T x, int heads, int headDim) {
    T h = ops.reshape(x, 0, 0, heads, headDim);
    int half = headDim / 2;
    T first = ops.slice(h, 3, 0, half);
    T second = ops.slice(h, 3, half, headDim);
    T rotated = ops.concat(3, java.util.List.of(ops.mulScalar(second, -1f), first));
    T out = ops.add(ops.mul(h, cos), ops.mul(rotated, sin));
    return ops.reshape(out, 0, 0, -1);
  }
}
