package ai.muq.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values held as float arrays on the Java heap: no NDManager, no libtorch. Import fills
 * them from a checkpoint and the ONNX exporter reads them as initializers, so a converter that
 * never trains (the service) needs only this.
 */
public final class HeapParams implements ParamValues {

  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
  private final Map<String, float[]> values = new LinkedHashMap<>();

  public HeapParams(List<ParamSpec> specs) {
    for (ParamSpec s : specs) {
      if (this.specs.put(s.name(), s) != null) {
        throw new IllegalArgumentException("parameter declared twice: " + s.name());
      }
    }
  }

  @Override
  public List<ParamSpec> specs() {
    return List.copyOf(specs.values());
  }

  @Override
  public ParamSpec spec(String name) {
    ParamSpec s = specs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown parameter: " + name);
    }
    return s;
  }

  @Override
  public float[] floats(String name) {
    float[] v = values.get(name);
    if (v == null) {
      spec(name);
      throw new IllegalStateException("parameter has no value: " + name);
    }
    return v;
  }

  @Override
  public void set(String name, float[] data) {
    ParamSpec s = spec(name);
    if (data.length != s.size()) {
      throw new IllegalArgumentException(
          "shape mismatch for " + name + ": expected " + Arrays.toString(s.shape()) + " ("
              + s.size() + " values), got " + data.length + " values");
    }
    values.put(name, data);
  }
}
