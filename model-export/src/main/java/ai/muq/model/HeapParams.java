package ai.muq.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameter values held as float arrays on the Java heap, or read on use from their source: no
 * NDManager, no libtorch. Import binds them to the checkpoint's tensors and the ONNX exporter reads
 * them as initializers, so a converter that never trains (the service) needs only this, and holds
 * one tensor at a time besides the graph being written. Deferred values are valid while their
 * source (the open checkpoint) is.
 */
public final class HeapParams implements ParamValues {

  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();
  private final Map<String, FloatSource> values = new LinkedHashMap<>();

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

  /**
   * The value, read from its source if deferred.
   *
   * @throws UncheckedIOException when a deferred source fails to read again
   */
  @Override
  public float[] floats(String name) {
    FloatSource v = values.get(name);
    if (v == null) {
      spec(name);
      throw new IllegalStateException("parameter has no value: " + name);
    }
    try {
      return checked(spec(name), v.read());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void set(String name, float[] data) {
    checked(spec(name), data);
    values.put(name, () -> data);
  }

  @Override
  public void setDeferred(String name, FloatSource source) {
    spec(name);
    values.put(name, source);
  }

  private static float[] checked(ParamSpec s, float[] data) {
    if (data.length != s.size()) {
      throw new IllegalArgumentException(
          "shape mismatch for " + s.name() + ": expected " + Arrays.toString(s.shape()) + " ("
              + s.size() + " values), got " + data.length + " values");
    }
    return data;
  }
}
