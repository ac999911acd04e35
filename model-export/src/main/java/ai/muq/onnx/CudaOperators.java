package ai.muq.onnx;

import ai.onnx.proto.OnnxMl;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ONNX operators (default domain) our graphs may use: each is implemented by ONNX Runtime's
 * CUDA execution provider for float32 (and int64 where the graph uses it) at opset 17, per ORT's
 * OperatorKernels.md CUDA table. The exporter is checked against this list, so a new operator must
 * be checked there and added here deliberately.
 */
public final class CudaOperators {

  private CudaOperators() {}

  public static final Set<String> SUPPORTED =
      Set.of(
          "Add", "Sub", "Mul", "Div", "Max", "Sqrt", "Log", "Relu", "Sigmoid", "Erf", "Cos", "Sin",
          "MatMul", "Transpose", "Reshape", "Slice", "Concat", "Softmax", "ReduceMean",
          "ReduceSum", "LayerNormalization", "BatchNormalization", "Conv", "Pad", "Shape",
          "Gather", "Range", "Mod", "Cast", "Identity", "CumSum");

  /** Operator types of a graph that are not in {@link #SUPPORTED}. */
  public static Set<String> unsupported(OnnxMl.ModelProto model) {
    Set<String> out = new TreeSet<>();
    for (OnnxMl.NodeProto n : model.getGraph().getNodeList()) {
      if (!n.getDomain().isEmpty() || !SUPPORTED.contains(n.getOpType())) {
        out.add(n.getDomain() + ":" + n.getOpType());
      }
    }
    return out;
  }
}
