package ai.muq.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/**
 * An embedding as the service answers it (contract schema {@code EmbeddingVector}): a JSON array of
 * numbers ({@code encoding_format=float}) or the little-endian float32 bytes in base64
 * ({@code encoding_format=base64}). Either way {@link #floats()} gives the vector.
 */
public final class EmbeddingVector {

  private final float[] values;
  private final String base64;

  private EmbeddingVector(float[] values, String base64) {
    this.values = values;
    this.base64 = base64;
  }

  /** A vector sent as numbers. */
  public static EmbeddingVector ofFloats(float[] values) {
    return new EmbeddingVector(values.clone(), null);
  }

  /** A vector sent as base64 little-endian float32 bytes. */
  public static EmbeddingVector ofBase64(String base64) {
    return new EmbeddingVector(Tensors.decodeFloat32(base64), base64);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static EmbeddingVector fromJson(JsonNode node) {
    if (node.isTextual()) {
      return ofBase64(node.textValue());
    }
    if (node.isArray()) {
      float[] v = new float[node.size()];
      for (int i = 0; i < v.length; i++) {
        JsonNode n = node.get(i);
        if (!n.isNumber()) {
          throw new IllegalArgumentException("embedding items are numbers, got " + n.getNodeType());
        }
        v[i] = n.floatValue();
      }
      return new EmbeddingVector(v, null);
    }
    throw new IllegalArgumentException("an embedding is an array of numbers or a base64 string, got " + node.getNodeType());
  }

  /** The JSON value as it came: the base64 string, or the numbers. */
  @JsonValue
  public Object toJson() {
    if (base64 != null) {
      return base64;
    }
    Float[] boxed = new Float[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return List.of(boxed);
  }

  /** The vector (a copy), decoded from base64 when it came so. */
  public float[] floats() {
    return values.clone();
  }

  /** Number of dimensions. */
  public int size() {
    return values.length;
  }

  /** Whether the service sent it as base64. */
  public boolean isBase64() {
    return base64 != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingVector e && Arrays.equals(e.values, values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return isBase64() ? base64 : Arrays.toString(values);
  }
}
