package ai.muq.model;

import java.io.IOException;
import java.io.UncheckedIOException;
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

  private final SpecTable specs;
  private final Map<String, FloatSource> values = new LinkedHashMap<>();

  public HeapParams(List<ParamSpec> specs) {
    this.specs = new SpecTable(specs);
  }

  @Override
  public List<ParamSpec> specs() {
    return specs.list();
  }

  @Override
  public ParamSpec spec(String name) {
    return specs.spec(name);
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
      return specs.checked(name, v.read());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void set(String name, float[] data) {
    specs.checked(name, data);
    values.put(name, () -> data);
  }

  @Override
  public void setDeferred(String name, FloatSource source) {
    spec(name);
    values.put(name, source);
  }
}
