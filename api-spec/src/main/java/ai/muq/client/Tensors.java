package ai.muq.client;

import ai.muq.client.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/** Reads the service's float32 tensors, whichever way they were sent (numbers or base64). */
public final class Tensors {

  private Tensors() {}

  /**
   * The tensor's values in row-major order: {@code data}, or {@code data_base64} decoded. The count
   * is checked against {@code shape}.
   */
  public static float[] floats(Tensor tensor) {
    float[] out;
    if (tensor.getDataBase64() != null) {
      out = decodeFloat32(tensor.getDataBase64());
    } else if (tensor.getData() != null) {
      List<Float> data = tensor.getData();
      out = new float[data.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = data.get(i);
      }
    } else {
      throw new IllegalArgumentException("the tensor carries neither data nor data_base64");
    }
    long expected = 1;
    for (Integer d : tensor.getShape()) {
      expected *= d;
    }
    if (expected != out.length) {
      throw new IllegalArgumentException("the tensor has " + out.length + " values for shape " + tensor.getShape());
    }
    return out;
  }

  /** Little-endian float32 bytes in base64, as the service writes them. */
  public static float[] decodeFloat32(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException("base64 float32 data has " + bytes.length + " bytes, not a multiple of 4");
    }
    float[] out = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
