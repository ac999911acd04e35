package ai.muq.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.LayerNorm;
import java.util.List;

/**
 * Eager {@link Ops} on DJL NDArrays (libtorch): computes the model, with autograd when training.
 * New arrays are attached to the manager of their inputs; run a forward pass inside a sub-manager
 * to free its intermediates.
 */
public final class DjlOps implements Ops<NDArray> {

  /** Momentum of batch-norm running statistics, PyTorch's default. */
  private static final float BN_MOMENTUM = 0.1f;

  private final ParamStore store;
  private final NDManager manager;
  private final boolean training;

  public DjlOps(ParamStore store, NDManager manager, boolean training) {
    this.store = store;
    this.manager = manager;
    this.training = training;
  }

  /** Inference-mode ops that allocate in the store's manager. */
  public static DjlOps inference(ParamStore store, NDManager manager) {
    return new DjlOps(store, manager, false);
  }

  public NDManager manager() {
    return manager;
  }

  /**
   * Attaches an op's result to this pass's manager, so that results whose first operand was a
   * parameter (held by the store's manager) are freed with the pass, not leaked into the store.
   */
  private NDArray own(NDArray a) {
    if (a.getManager() != manager && !store.owns(a)) {
      a.attach(manager);
    }
    return a;
  }

  @Override
  public NDArray param(String name) {
    return store.get(name);
  }

  @Override
  public boolean training() {
    return training;
  }

  @Override
  public NDArray constant(String name, float[] data, long... shape) {
    return own(manager.create(data, new Shape(shape)));
  }

  @Override
  public NDArray add(NDArray a, NDArray b) {
    return own(a.add(b));
  }

  @Override
  public NDArray sub(NDArray a, NDArray b) {
    return own(a.sub(b));
  }

  @Override
  public NDArray mul(NDArray a, NDArray b) {
    return own(a.mul(b));
  }

  @Override
  public NDArray div(NDArray a, NDArray b) {
    return own(a.div(b));
  }

  @Override
  public NDArray addScalar(NDArray x, float s) {
    return own(x.add(s));
  }

  @Override
  public NDArray mulScalar(NDArray x, float s) {
    return own(x.mul(s));
  }

  @Override
  public NDArray maxScalar(NDArray x, float s) {
    return own(x.maximum(s));
  }

  @Override
  public NDArray sqrt(NDArray x) {
    return own(x.sqrt());
  }

  @Override
  public NDArray log10(NDArray x) {
    return own(x.log10());
  }

  @Override
  public NDArray relu(NDArray x) {
    return own(x.maximum(0f));
  }

  @Override
  public NDArray sigmoid(NDArray x) {
    return own(ai.djl.nn.Activation.sigmoid(x));
  }

  @Override
  public NDArray erf(NDArray x) {
    return own(x.erf());
  }

  @Override
  public NDArray cos(NDArray x) {
    return own(x.cos());
  }

  @Override
  public NDArray sin(NDArray x) {
    return own(x.sin());
  }

  @Override
  public NDArray matmul(NDArray a, NDArray b) {
    return own(a.matMul(b));
  }

  @Override
  public NDArray transpose(NDArray x, int... perm) {
    return own(x.transpose(perm));
  }

  @Override
  public NDArray reshape(NDArray x, long... spec) {
    long[] dims = spec.clone();
    Shape in = x.getShape();
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] == 0) {
        dims[i] = in.get(i);
      }
    }
    return own(x.reshape(dims));
  }

  @Override
  public NDArray slice(NDArray x, int axis, long start, long end) {
    long n = x.getShape().get(axis);
    long s = start < 0 ? n + start : Math.min(start, n);
    long e = end < 0 ? n + end : Math.min(end, n);
    StringBuilder idx = new StringBuilder();
    for (int i = 0; i < axis; i++) {
      idx.append(":,");
    }
    idx.append(s).append(':').append(e);
    return own(x.get(new NDIndex(idx.toString())));
  }

  @Override
  public NDArray concat(int axis, List<NDArray> parts) {
    return own(NDArrays.concat(new NDList(parts), axis));
  }

  @Override
  public NDArray softmax(NDArray x, int axis) {
    return own(x.softmax(axis));
  }

  @Override
  public NDArray reduceMean(NDArray x, int axis, boolean keepDims) {
    return own(x.mean(new int[] {axis}, keepDims));
  }

  @Override
  public NDArray reduceSum(NDArray x, int axis, boolean keepDims) {
    return own(x.sum(new int[] {axis}, keepDims));
  }

  @Override
  public NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, float eps) {
    long d = x.getShape().getShape()[x.getShape().dimension() - 1];
    NDArray b = beta != null ? beta : manager.zeros(new Shape(d));
    return own(LayerNorm.layerNorm(x, new Shape(d), gamma, b, eps).singletonOrThrow());
  }

  @Override
  public NDArray batchNorm(NDArray x, String prefix, float eps) {
    NDArray runningMean = store.get(prefix + ".running_mean");
    NDArray runningVar = store.get(prefix + ".running_var");
    NDArray out =
        BatchNorm.batchNorm(
                x,
                runningMean,
                runningVar,
                store.get(prefix + ".weight"),
                store.get(prefix + ".bias"),
                1,
                BN_MOMENTUM,
                eps,
                training)
            .singletonOrThrow();
    return own(out);
  }

  @Override
  public NDArray conv1d(
      NDArray x, NDArray weight, NDArray bias, int stride, int padding, int groups) {
    return own(Conv1d.conv1d(
            x,
            weight,
            bias,
            new Shape(stride),
            new Shape(padding),
            new Shape(1),
            groups)
        .singletonOrThrow());
  }

  @Override
  public NDArray conv2d(
      NDArray x, NDArray weight, NDArray bias, int strideH, int strideW, int padH, int padW) {
    return own(Conv2d.conv2d(
            x, weight, bias, new Shape(strideH, strideW), new Shape(padH, padW), new Shape(1, 1), 1)
        .singletonOrThrow());
  }


  @Override
  public NDArray positions(NDArray x, int axis) {
    return own(manager.arange(0f, (float) x.getShape().get(axis), 1f, DataType.FLOAT32));
  }


  @Override
  public NDArray stftPower(NDArray waveform, int nFft, int hop) {
    float[] w = new float[nFft];
    for (int n = 0; n < nFft; n++) {
      w[n] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * n / nFft)); // periodic Hann
    }
    try (NDArray window = manager.create(w)) {
      // [B, bins, frames, 2] (real, imaginary), reflect-padded centred frames as torch.stft does.
      NDArray spec = waveform.stft(nFft, hop, true, window, false, false);
      NDArray re = spec.get("..., 0");
      NDArray im = spec.get("..., 1");
      return own(re.square().add(im.square()));
    }
  }

  @Override
  public NDArray toFloat(NDArray x) {
    return own(x.toType(DataType.FLOAT32, false));
  }

  @Override
  public NDArray toLong(NDArray x) {
    return own(x.toType(DataType.INT64, false));
  }

  @Override
  public NDArray gather(NDArray table, NDArray indices) {
    return own(
        ai.djl.nn.core.Embedding.embedding(indices, table, ai.djl.ndarray.types.SparseFormat.DENSE)
            .singletonOrThrow());
  }

  @Override
  public NDArray cumsum(NDArray x, int axis) {
    return own(x.cumSum(axis));
  }
}
