package ai.muq.model;

import java.util.List;

/**
 * The tensor operations every model part is written against. A part's forward pass is written
 * once, generically in {@code T}; running it with {@code DjlOps} computes it eagerly on DJL
 * NDArrays (training, reference outputs, import checks), running it with {@code OnnxOps} records
 * the same computation as an ONNX graph (export). So there is exactly one definition of each
 * architecture.
 *
 * <p>Conventions follow ONNX/numpy: broadcasting for element-wise ops, batched matmul, {@link
 * #reshape} with 0 (copy that dimension) and -1 (infer one dimension).
 *
 * @param <T> the tensor handle: an NDArray when eager, a graph value when symbolic
 */
public interface Ops<T> {

  /** A learned parameter or buffer of the model, by its checkpoint name. */
  T param(String name);

  /** True while training (batch norm uses batch statistics and updates its running ones). */
  boolean training();

  /** A fixed tensor computed from the model's configuration (filter banks, windows). */
  T constant(String name, float[] data, long... shape);

  T add(T a, T b);

  T sub(T a, T b);

  T mul(T a, T b);

  T div(T a, T b);

  T addScalar(T x, float s);

  T mulScalar(T x, float s);

  /** Element-wise max(x, s). */
  T maxScalar(T x, float s);

  T sqrt(T x);

  T log10(T x);

  T relu(T x);

  T sigmoid(T x);

  T erf(T x);

  T cos(T x);

  T sin(T x);

  /** Batched matrix product with numpy broadcasting. */
  T matmul(T a, T b);

  T transpose(T x, int... perm);

  /** Reshape with ONNX semantics: 0 copies the input's dimension, -1 infers one dimension. */
  T reshape(T x, long... shape);

  /** Elements [start, end) along an axis; a negative index counts from the end. */
  T slice(T x, int axis, long start, long end);

  T concat(int axis, List<T> parts);

  T softmax(T x, int axis);

  T reduceMean(T x, int axis, boolean keepDims);

  T reduceSum(T x, int axis, boolean keepDims);

  /** Layer normalisation over the last axis; {@code beta} may be null (bias-free). */
  T layerNorm(T x, T gamma, T beta, float eps);

  /**
   * Batch normalisation over axis 1 with the parameters {@code prefix.weight}, {@code
   * prefix.bias}, {@code prefix.running_mean}, {@code prefix.running_var}.
   */
  T batchNorm(T x, String prefix, float eps);

  /** 1-d convolution, input [B, C, L], weight [O, C/groups, K], bias may be null. */
  T conv1d(T x, T weight, T bias, int stride, int padding, int groups);

  /** 2-d convolution, input [B, C, H, W], weight [O, C, kH, kW], bias may be null. */
  T conv2d(T x, T weight, T bias, int strideH, int strideW, int padH, int padW);


  /** The positions 0, 1, ..., n-1 as float32 [n], where n is x's size along {@code axis}. */
  T positions(T x, int axis);


  /**
   * Power spectrogram |STFT|^2 of waveforms [B, N]: centred frames (reflect padding of nFft/2),
   * periodic Hann window, stride {@code hop}; gives [B, nFft/2 + 1, N / hop + 1]. Eagerly an FFT;
   * in the graph either a strided Conv1d over the reflect-padded waveform with the windowed DFT
   * basis as kernels (for GPUs) or a factored FFT of Gather and MatMul (for CPUs), as the
   * exporter's {@code StftFrontEnd} says; both run on every execution provider.
   */
  T stftPower(T waveform, int nFft, int hop);

  /** Converts a mask or id tensor to float32. */
  T toFloat(T x);

  /** Converts a float32 tensor holding whole numbers to int64 (for use as indices). */
  T toLong(T x);

  /** Rows of a table [V, D] at int64 indices [...]: an embedding lookup, result [..., D]. */
  T gather(T table, T indices);

  /** Cumulative sum along an axis (inclusive), same shape. */
  T cumsum(T x, int axis);
}
