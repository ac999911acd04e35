package ai.muq.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Runs an exported graph in ONNX Runtime with every graph optimisation on. */
public final class OrtRunner implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  public OrtRunner(Path model) throws OrtException {
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    session = env.createSession(model.toString(), opts);
  }

  public OrtSession session() {
    return session;
  }

  public OnnxTensor floats(float[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
  }

  public OnnxTensor longs(long[] data, long... shape) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(data), shape);
  }

  /** Runs and returns the requested outputs flattened. */
  public Map<String, float[]> run(Map<String, OnnxTensor> inputs, Set<String> outputs) throws OrtException {
    Map<String, float[]> out = new LinkedHashMap<>();
    try (OrtSession.Result r = session.run(inputs, outputs)) {
      for (String name : outputs) {
        OnnxTensor t = (OnnxTensor) r.get(name).orElseThrow();
        FloatBuffer fb = t.getFloatBuffer();
        float[] a = new float[fb.remaining()];
        fb.get(a);
        out.put(name, a);
      }
    }
    return out;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
