package ai.muq.api;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes a float32 array in NumPy's {@code .npy} format (version 1.0, little-endian, C order). */
public final class Npy {

  public static final String MEDIA_TYPE = "application/x-npy";

  private Npy() {}

  public static byte[] float32(float[] flat, int... shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    if (n != flat.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values");
    }
    String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    if (shape.length == 1) {
      dims += ",";
    }
    StringBuilder header = new StringBuilder(
        "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
    // magic(6) + version(2) + header length(2) + header, padded with spaces to a multiple of 64,
    // ending in a newline.
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header.append(" ".repeat(pad)).append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.US_ASCII);
    ByteBuffer b = ByteBuffer.allocate(10 + h.length + flat.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) h.length).put(h);
    b.asFloatBuffer().put(flat);
    return b.array();
  }
}
