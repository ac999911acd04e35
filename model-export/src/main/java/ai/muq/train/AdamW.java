package ai.muq.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * AdamW (decoupled weight decay) with global-norm gradient clipping. Its state (moments and step)
 * is saved in checkpoints so that a resumed run continues exactly.
 */
public final class AdamW implements AutoCloseable {

  public static final float BETA1 = 0.9f;
  public static final float BETA2 = 0.999f;
  public static final float EPS = 1e-8f;

  private final NDManager manager;
  private final float weightDecay;
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private long step;
  private long skipped;

  public AdamW(NDManager parent, float weightDecay) {
    this.manager = parent.newSubManager();
    this.weightDecay = weightDecay;
  }

  public long step() {
    return step;
  }

  /** Updates skipped because the gradient was not finite. */
  public long skipped() {
    return skipped;
  }

  /**
   * One update of the named parameters from their gradients.
   *
   * @param names trainable parameters to update (frozen ones are left out)
   * @param lr learning rate of this step
   * @param clipNorm global gradient norm limit, or 0 for none
   * @return the global gradient norm before clipping
   */
  public double update(ParamStore store, Iterable<String> names, float lr, float clipNorm) {
    // Every temporary of the update lives in this sub-manager: a long run must not grow in native
    // memory (gradient handles and moment arithmetic would otherwise stay attached for good).
    try (NDManager tmp = manager.newSubManager()) {
      double sq = 0;
      Map<String, NDArray> grads = new LinkedHashMap<>();
      for (String name : names) {
        NDArray p = store.get(name);
        if (!p.hasGradient()) {
          continue;
        }
        NDArray g = p.getGradient();
        g.attach(tmp);
        sq += g.square().sum().getFloat();
        grads.put(name, g);
      }
      double norm = Math.sqrt(sq);
      if (!Double.isFinite(norm)) {
        // A non-finite gradient would poison every weight it touches: skip the update (the step
        // still counts for the schedule; the caller logs the norm).
        skipped++;
        return norm;
      }
      float scale = clipNorm > 0 && norm > clipNorm ? (float) (clipNorm / norm) : 1f;
      step++;
      float bc1 = 1f - (float) Math.pow(BETA1, step);
      float bc2 = 1f - (float) Math.pow(BETA2, step);
      for (Map.Entry<String, NDArray> e : grads.entrySet()) {
        String name = e.getKey();
        NDArray p = store.get(name);
        NDArray g = scale == 1f ? e.getValue() : e.getValue().mul(scale);
        NDArray mi = m.computeIfAbsent(name, k -> manager.zeros(p.getShape()));
        NDArray vi = v.computeIfAbsent(name, k -> manager.zeros(p.getShape()));
        mi.muli(BETA1).addi(g.mul(1 - BETA1));
        vi.muli(BETA2).addi(g.square().muli(1 - BETA2));
        NDArray update = mi.div(bc1);
        update.attach(tmp);
        NDArray denom = vi.div(bc2);
        denom.attach(tmp);
        update.divi(denom.sqrt().addi(EPS));
        if (weightDecay > 0 && decays(store.spec(name))) {
          p.muli(1 - lr * weightDecay);
        }
        p.subi(update.muli(lr));
      }
      return norm;
    }
  }

  /** Matrices and convolution kernels decay; biases, norms and scales do not. */
  static boolean decays(ParamSpec s) {
    return s.shape().length >= 2;
  }

  /** Optimiser state for a checkpoint: moments by parameter name with a prefix. */
  public Map<String, SafetensorsFile.Tensor> state() {
    Map<String, SafetensorsFile.Tensor> out = new LinkedHashMap<>();
    m.forEach((k, a) -> out.put("m." + k, new SafetensorsFile.Tensor(a.toFloatArray(), a.getShape().getShape())));
    v.forEach((k, a) -> out.put("v." + k, new SafetensorsFile.Tensor(a.toFloatArray(), a.getShape().getShape())));
    return out;
  }

  public void restore(Map<String, SafetensorsFile.Tensor> state, long step, Set<String> known) {
    m.values().forEach(NDArray::close);
    v.values().forEach(NDArray::close);
    m.clear();
    v.clear();
    state.forEach(
        (k, t) -> {
          String name = k.substring(2);
          if (!known.contains(name)) {
            throw new IllegalArgumentException("optimizer state for unknown parameter " + name);
          }
          NDArray a = manager.create(t.data(), new ai.djl.ndarray.types.Shape(t.shape()));
          (k.startsWith("m.") ? m : v).put(name, a);
        });
    this.step = step;
  }

  /** Forgets the moments of one parameter (after re-seeding its values). */
  public void reset(String name) {
    NDArray a = m.remove(name);
    if (a != null) {
      a.close();
    }
    a = v.remove(name);
    if (a != null) {
      a.close();
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
