package ai.muq.importer;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Element types a checkpoint may store, named as safetensors names them. Reading needs only the
 * element size for most of them; conversion to float32 is offered for the floating-point ones and to
 * int64 for the integer ones.
 */
public enum DType {
  F32(4, true),
  F16(2, true),
  BF16(2, true),
  F64(8, true),
  I64(8, false),
  I32(4, false),
  I16(2, false),
  I8(1, false),
  U8(1, false),
  BOOL(1, false);

  private final int size;
  private final boolean floating;

  DType(int size, boolean floating) {
    this.size = size;
    this.floating = floating;
  }

  /** Bytes per element. */
  public int size() {
    return size;
  }

  public boolean isFloatingPoint() {
    return floating;
  }

  /** The dtype with this safetensors name, if it is one this reader supports. */
  public static Optional<DType> parse(String name) {
    for (DType t : values()) {
      if (t.name().equals(name)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Comma-separated list of every supported name, for error messages. */
  public static String supportedNames() {
    return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
  }
}
