package ai.muq.inference;

/** The ONNX Runtime execution provider that runs a model's graphs. */
public enum ExecutionProvider {
  CPU,
  CUDA,
  TENSORRT
}
