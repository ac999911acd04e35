package ai.muq.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;

/**
 * A float32 tensor in a JSON answer, row-major: numbers in {@code data}, or the little-endian
 * bytes in {@code data_base64}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tensor(List<Integer> shape, String dtype, float[] data, String dataBase64) {

  public static Tensor of(float[] flat, boolean base64, int... shape) {
    List<Integer> s = java.util.Arrays.stream(shape).boxed().toList();
    return base64
        ? new Tensor(s, "float32", null, base64(flat))
        : new Tensor(s, "float32", flat, null);
  }

  public static String base64(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(b.array());
  }

  public static float[] flatten(float[][] m) {
    int rows = m.length;
    int cols = rows == 0 ? 0 : m[0].length;
    float[] out = new float[rows * cols];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(m[i], 0, out, i * cols, cols);
    }
    return out;
  }
}
