package ai.muq.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The declared parameters of a store by name, with the checks every store makes at its boundary. */
final class SpecTable {

  private final Map<String, ParamSpec> specs = new LinkedHashMap<>();

  SpecTable(List<ParamSpec> specs) {
    for (ParamSpec s : specs) {
      if (this.specs.put(s.name(), s) != null) {
        throw new IllegalArgumentException("parameter declared twice: " + s.name());
      }
    }
  }

  List<ParamSpec> list() {
    return List.copyOf(specs.values());
  }

  boolean contains(String name) {
    return specs.containsKey(name);
  }

  ParamSpec spec(String name) {
    ParamSpec s = specs.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown parameter: " + name);
    }
    return s;
  }

  /** The values, if they fill the declared shape of {@code name}. */
  float[] checked(String name, float[] data) {
    ParamSpec s = spec(name);
    if (data.length != s.size()) {
      throw new IllegalArgumentException(
          "shape mismatch for " + name + ": expected " + Arrays.toString(s.shape()) + " ("
              + s.size() + " values), got " + data.length + " values");
    }
    return data;
  }
}
