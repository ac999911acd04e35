package ai.muq.importer;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One named tensor of a checkpoint. The bytes are not read until {@link #toFloats()} or {@link
 * #toLongs()} is called, so listing a multi-gigabyte checkpoint costs only its index; the reader the
 * tensor came from must still be open at that time.
 *
 * @param name the key as the checkpoint spells it
 * @param dtype the stored element type
 * @param shape the dimensions (empty for a scalar); never modified
 * @param raw supplies the tensor's elements, contiguous in row-major order, little-endian
 */
public record TensorData(String name, DType dtype, long[] shape, RawData raw) {

  /** Supplies a tensor's bytes: exactly numel * dtype.size() bytes, row-major, little-endian. */
  @FunctionalInterface
  public interface RawData {
    MemorySegment read() throws IOException;
  }

  private static final ValueLayout.OfFloat LE_FLOAT =
      ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfDouble LE_DOUBLE =
      ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfShort LE_SHORT =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfInt LE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LE_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  /** Largest element count one Java array can hold. */
  static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  public TensorData {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(raw, "raw");
    shape = shape.clone();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape of " + name);
      }
    }
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a scalar). */
  public long numel() {
    return numel(shape);
  }

  static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Bytes the stored tensor occupies. */
  public long byteSize() {
    return Math.multiplyExact(numel(), dtype.size());
  }

  /** The shape as torch prints it, e.g. {@code [1024, 512]}. */
  public String shapeString() {
    return shapeString(shape);
  }

  static String shapeString(long[] shape) {
    return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * The elements as float32; F16 and BF16 are widened exactly, F64 is rounded.
   *
   * @throws CheckpointException if the dtype is not floating point or the bytes are short
   */
  public float[] toFloats() throws IOException {
    if (!dtype.isFloatingPoint()) {
      throw new CheckpointException(
          "tensor '" + name + "' has dtype " + dtype + "; expected a floating-point dtype (F32, F16, BF16)");
    }
    int n = checkedCount();
    MemorySegment seg = readChecked();
    float[] out = new float[n];
    switch (dtype) {
      case F32 -> MemorySegment.copy(seg, LE_FLOAT, 0, out, 0, n);
      case F16 -> {
        short[] h = new short[n];
        MemorySegment.copy(seg, LE_SHORT, 0, h, 0, n);
        for (int i = 0; i < n; i++) {
          out[i] = Float.float16ToFloat(h[i]);
        }
      }
      case BF16 -> {
        short[] h = new short[n];
        MemorySegment.copy(seg, LE_SHORT, 0, h, 0, n);
        for (int i = 0; i < n; i++) {
          // bfloat16 is the upper half of a float32: widening is a shift, exact.
          out[i] = Float.intBitsToFloat((h[i] & 0xFFFF) << 16);
        }
      }
      case F64 -> {
        double[] d = new double[n];
        MemorySegment.copy(seg, LE_DOUBLE, 0, d, 0, n);
        for (int i = 0; i < n; i++) {
          out[i] = (float) d[i];
        }
      }
      default -> throw new IllegalStateException(dtype.name());
    }
    return out;
  }

  /**
   * The elements as int64.
   *
   * @throws CheckpointException if the dtype is not an integer or boolean type or the bytes are short
   */
  public long[] toLongs() throws IOException {
    if (dtype.isFloatingPoint()) {
      throw new CheckpointException(
          "tensor '" + name + "' has dtype " + dtype + "; expected an integer dtype (I64)");
    }
    int n = checkedCount();
    MemorySegment seg = readChecked();
    long[] out = new long[n];
    switch (dtype) {
      case I64 -> MemorySegment.copy(seg, LE_LONG, 0, out, 0, n);
      case I32 -> {
        for (int i = 0; i < n; i++) {
          out[i] = seg.get(LE_INT, 4L * i);
        }
      }
      case I16 -> {
        for (int i = 0; i < n; i++) {
          out[i] = seg.get(LE_SHORT, 2L * i);
        }
      }
      case I8 -> {
        for (int i = 0; i < n; i++) {
          out[i] = seg.get(ValueLayout.JAVA_BYTE, i);
        }
      }
      case U8, BOOL -> {
        for (int i = 0; i < n; i++) {
          out[i] = seg.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
        }
      }
      default -> throw new IllegalStateException(dtype.name());
    }
    return out;
  }

  private int checkedCount() throws CheckpointException {
    long n = numel();
    if (n > MAX_ELEMENTS) {
      throw new CheckpointException(
          "tensor '" + name + "' has " + n + " elements, more than one Java array holds");
    }
    return (int) n;
  }

  private MemorySegment readChecked() throws IOException {
    MemorySegment seg = raw.read();
    if (seg.byteSize() != byteSize()) {
      throw new CheckpointException(
          "tensor '" + name + "' " + dtype + " " + shapeString() + " needs " + byteSize()
              + " bytes but its data holds " + seg.byteSize());
    }
    return seg;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t
        && name.equals(t.name) && dtype == t.dtype && Arrays.equals(shape, t.shape) && raw == t.raw;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, dtype, Arrays.hashCode(shape));
  }

  @Override
  public String toString() {
    return name + " " + dtype + " " + shapeString();
  }
}
