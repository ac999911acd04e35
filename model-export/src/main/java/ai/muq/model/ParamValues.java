package ai.muq.model;

import java.io.IOException;
import java.util.List;

/**
 * A model's parameter values by checkpoint name, as the symbolic exporter and the importer see
 * them: the declared specs and each value as float32, row-major. {@link ParamStore} holds them in
 * DJL NDArrays (training, eager forward); {@link HeapParams} holds them on the Java heap, so
 * import and export run without any tensor engine (the service converts hub models this way).
 */
public interface ParamValues {

  /** The declared parameters, in declaration order. */
  List<ParamSpec> specs();

  /** One declared parameter; an unknown name is an {@link IllegalArgumentException}. */
  ParamSpec spec(String name);

  /** The value as float32, row-major. */
  float[] floats(String name);

  /** Sets a value from float32 in row-major order, checking the declared shape. */
  void set(String name, float[] data);

  /**
   * Sets a value that its source can produce again whenever it is read (a tensor of an open
   * checkpoint). A store that keeps values itself copies it now; {@link HeapParams} reads it on use,
   * so an import never holds all weights at once.
   */
  default void setDeferred(String name, FloatSource source) throws IOException {
    set(name, source.read());
  }

  /** Float32 values, row-major, read again at each call. */
  @FunctionalInterface
  interface FloatSource {
    float[] read() throws IOException;
  }
}
