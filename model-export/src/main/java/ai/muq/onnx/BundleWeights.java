package ai.muq.onnx;

import ai.muq.bundle.BundleManifest;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a model's parameters back from the initializers of an exported bundle's graphs. The
 * exporter names every parameter initializer by its checkpoint name (fp16 ones too, cast in the
 * graph), so a bundle is a checkpoint of everything its graphs use: it can be re-exported with
 * another front-end or precision when the training run is gone.
 */
public final class BundleWeights {

  private BundleWeights() {}

  /**
   * Sets every parameter of {@code store} that the bundle's graphs hold, checking shapes.
   *
   * @return the names of the store's parameters no graph holds (they were unused by the export)
   */
  public static List<String> load(Path bundleDir, ParamStore store) throws IOException {
    BundleManifest manifest = BundleManifest.read(bundleDir);
    manifest.verify(bundleDir);
    Map<String, TensorProto> inits = new HashMap<>();
    for (String file : manifest.graphs().values()) {
      try (InputStream in = Files.newInputStream(bundleDir.resolve(file))) {
        for (TensorProto t : OnnxMl.ModelProto.parseFrom(in).getGraph().getInitializerList()) {
          inits.putIfAbsent(t.getName(), t);
        }
      }
    }
    List<String> missing = new ArrayList<>();
    for (ParamSpec spec : store.specs()) {
      TensorProto t = inits.get(spec.name());
      if (t == null) {
        missing.add(spec.name());
        continue;
      }
      store.set(spec.name(), floats(t));
    }
    return missing;
  }

  /** The values of a float32 or float16 initializer stored as raw little-endian data. */
  public static float[] floats(TensorProto t) {
    ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    return switch (t.getDataType()) {
      case TensorProto.DataType.FLOAT_VALUE -> {
        if (!t.getFloatDataList().isEmpty()) {
          float[] v = new float[t.getFloatDataCount()];
          for (int i = 0; i < v.length; i++) {
            v[i] = t.getFloatData(i);
          }
          yield v;
        }
        float[] v = new float[raw.remaining() / 4];
        raw.asFloatBuffer().get(v);
        yield v;
      }
      case TensorProto.DataType.FLOAT16_VALUE -> {
        float[] v = new float[raw.remaining() / 2];
        for (int i = 0; i < v.length; i++) {
          v[i] = Float.float16ToFloat(raw.getShort());
        }
        yield v;
      }
      default -> throw new IllegalArgumentException(
          "initializer " + t.getName() + " has element type " + t.getDataType() + ", not float32/float16");
    };
  }

  /** Drops nodes none of whose outputs is consumed or a graph output, until none is left to drop. */
  public static java.util.List<ai.onnx.proto.OnnxMl.NodeProto> pruneDead(
      java.util.List<ai.onnx.proto.OnnxMl.NodeProto> nodes, ai.onnx.proto.OnnxMl.GraphProto g) {
    java.util.List<ai.onnx.proto.OnnxMl.NodeProto> live = nodes;
    while (true) {
      java.util.Set<String> consumed = new java.util.HashSet<>();
      live.forEach(n -> consumed.addAll(n.getInputList()));
      g.getOutputList().forEach(o -> consumed.add(o.getName()));
      java.util.List<ai.onnx.proto.OnnxMl.NodeProto> next =
          live.stream().filter(n -> n.getOutputList().stream().anyMatch(consumed::contains)).toList();
      if (next.size() == live.size()) {
        return live;
      }
      live = next;
    }
  }
}
