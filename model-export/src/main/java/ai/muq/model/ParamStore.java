package ai.muq.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The values of a model's parameters, keyed by checkpoint name, held as DJL NDArrays. Training
 * updates them in place, import fills them from a checkpoint, export reads them into ONNX
 * initializers. Every value is checked against its {@link ParamSpec} shape at the boundary.
 */
public final class ParamStore implements ParamValues, AutoCloseable {

  private final NDManager manager;
  private final SpecTable specs;
  private final Map<String, NDArray> values = new LinkedHashMap<>();

  public ParamStore(NDManager manager, List<ParamSpec> specs) {
    this.manager = manager;
    this.specs = new SpecTable(specs);
  }

  /** A store whose values are initialised as training starts, deterministically for a seed. */
  public static ParamStore initialized(NDManager manager, List<ParamSpec> specs, long seed) {
    ParamStore store = new ParamStore(manager, specs);
    SplittableRandom root = new SplittableRandom(seed);
    for (ParamSpec s : specs) {
      // One stream per parameter, so adding a parameter does not change the others' values.
      SplittableRandom r = root.split();
      store.set(s.name(), initialValues(s, r));
    }
    return store;
  }

  static float[] initialValues(ParamSpec s, SplittableRandom r) {
    long n = s.size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("parameter too large: " + s);
    }
    float[] v = new float[(int) n];
    long[] shape = s.shape();
    switch (s.init()) {
      case ZEROS -> {}
      case ONES -> Arrays.fill(v, 1f);
      case FAN_IN_UNIFORM -> {
        long fanIn = shape.length > 1 ? n / shape[0] : shape[0];
        double bound = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
      }
      case NORMAL, NORMAL_002 -> {
        double std = s.init() == ParamSpec.Init.NORMAL ? 1.0 : 0.02;
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (gaussian(r) * std);
        }
      }
    }
    return v;
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }

  public NDManager manager() {
    return manager;
  }

  @Override
  public List<ParamSpec> specs() {
    return specs.list();
  }

  @Override
  public ParamSpec spec(String name) {
    return specs.spec(name);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public NDArray get(String name) {
    NDArray a = values.get(name);
    if (a == null) {
      throw new IllegalStateException(
          specs.contains(name) ? "parameter has no value: " + name : "unknown parameter: " + name);
    }
    return a;
  }

  /** Sets a parameter from float32 values in row-major order, checking the declared shape. */
  @Override
  public void set(String name, float[] data) {
    ParamSpec s = spec(name);
    specs.checked(name, data);
    NDArray old = values.get(name);
    NDArray a = manager.create(data, new Shape(s.shape()));
    a.setName(name);
    if (s.trainable()) {
      a.setRequiresGradient(true);
    }
    values.put(name, a);
    if (old != null) {
      old.close();
    }
  }

  /** Replaces a value with an NDArray of the declared shape (used for running statistics). */
  public void replace(String name, NDArray value) {
    ParamSpec s = spec(name);
    if (!value.getShape().equals(new Shape(s.shape())) || value.getDataType() != DataType.FLOAT32) {
      throw new IllegalArgumentException("shape mismatch for " + name + ": " + value.getShape());
    }
    value.attach(manager);
    NDArray old = values.put(name, value);
    if (old != null && old != value) {
      old.close();
    }
  }

  /** True if the array is one of this store's values (identity). */
  public boolean owns(NDArray a) {
    for (NDArray v : values.values()) {
      if (v == a) {
        return true;
      }
    }
    return false;
  }

  /** The values as float32 arrays, row-major. */
  @Override
  public float[] floats(String name) {
    return get(name).toFloatArray();
  }

  /** The trainable parameters, in declaration order. */
  public List<NDArray> trainable() {
    List<NDArray> out = new ArrayList<>();
    for (ParamSpec s : specs.list()) {
      if (s.trainable()) {
        out.add(get(s.name()));
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public void close() {
    values.values().forEach(NDArray::close);
    values.clear();
  }
}
