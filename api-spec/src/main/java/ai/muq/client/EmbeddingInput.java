package ai.muq.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code input} of an embeddings request (contract schema {@code EmbeddingInput}): one text or
 * {@code data:audio/...;base64,} URI, or a list of them. On the wire it is a JSON string or array,
 * exactly as OpenAI's embeddings API takes it.
 */
public final class EmbeddingInput {

  private final List<String> items;
  private final boolean single;

  private EmbeddingInput(List<String> items, boolean single) {
    this.items = List.copyOf(items);
    this.single = single;
  }

  /** One input, sent as a JSON string. */
  public static EmbeddingInput of(String input) {
    return new EmbeddingInput(List.of(Objects.requireNonNull(input, "input")), true);
  }

  /** Several inputs, sent as a JSON array (answers come in the same order). */
  public static EmbeddingInput of(List<String> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("an embedding input list needs at least one item");
    }
    return new EmbeddingInput(inputs, false);
  }

  /** Several inputs, sent as a JSON array. */
  public static EmbeddingInput of(String first, String... more) {
    List<String> all = new ArrayList<>(1 + more.length);
    all.add(first);
    all.addAll(List.of(more));
    return of(all);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static EmbeddingInput fromJson(JsonNode node) {
    if (node.isTextual()) {
      return of(node.textValue());
    }
    if (node.isArray()) {
      List<String> out = new ArrayList<>(node.size());
      for (JsonNode n : node) {
        if (!n.isTextual()) {
          throw new IllegalArgumentException("embedding input items are strings, got " + n.getNodeType());
        }
        out.add(n.textValue());
      }
      return of(out);
    }
    throw new IllegalArgumentException("embedding input is a string or an array of strings, got " + node.getNodeType());
  }

  /** The JSON value: a string for a single input, else the list. */
  @JsonValue
  public Object toJson() {
    return single ? items.get(0) : items;
  }

  /** The inputs in order (one item for a single input). */
  public List<String> items() {
    return items;
  }

  /** Whether this is one input sent as a plain string. */
  public boolean isSingle() {
    return single;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmbeddingInput e && e.single == single && e.items.equals(items);
  }

  @Override
  public int hashCode() {
    return Objects.hash(items, single);
  }

  @Override
  public String toString() {
    return String.valueOf(toJson());
  }
}
