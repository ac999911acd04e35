package ai.muq.importer;

import ai.muq.model.ParamSpec;
import ai.muq.model.ParamValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps a checkpoint's tensors onto a model's parameters by name. Every checkpoint key is either a
 * declared parameter of the right shape and a floating-point dtype, or matches a {@link
 * ReleasedLayout.SkipRule} and is reported as skipped; every declared parameter is present unless
 * the importer derives it from the configuration. Anything else fails, naming the key.
 */
public final class CheckpointMapper {

  /** Largest magnitude float16 holds; larger weights would become infinite in an fp16 bundle. */
  static final float FP16_MAX = 65504f;

  /**
   * What a mapping did.
   *
   * @param mapped parameters filled from the checkpoint, in declaration order
   * @param skipped skipped checkpoint keys grouped by reason
   * @param values number of float values copied
   */
  public record Report(List<String> mapped, Map<String, List<String>> skipped, long values) {

    public int skippedCount() {
      return skipped.values().stream().mapToInt(List::size).sum();
    }
  }

  private CheckpointMapper() {}

  /**
   * Checks the whole mapping first (so nothing is converted when a key is missing), then checks
   * each tensor's values and binds it to the store ({@link ParamValues#setDeferred}).
   *
   * @param derived declared parameters that the checkpoint does not carry (set by the caller)
   * @param fp16 whether the bundle stores weights in float16: a trainable weight beyond its range
   *     is refused, naming the key
   * @throws CheckpointException naming the first missing, unknown, mis-shaped or mis-typed key (and
   *     how many more problems there are)
   */
  public static Report fill(
      Map<String, TensorData> checkpoint,
      ParamValues store,
      List<ReleasedLayout.SkipRule> skips,
      Set<String> derived,
      boolean fp16)
      throws IOException {
    Map<String, ParamSpec> specs = new LinkedHashMap<>();
    for (ParamSpec s : store.specs()) {
      if (!derived.contains(s.name())) {
        specs.put(s.name(), s);
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> skipped = new TreeMap<>();
    for (TensorData t : checkpoint.values()) {
      ParamSpec spec = specs.get(t.name());
      if (spec == null) {
        ReleasedLayout.SkipRule rule =
            skips.stream().filter(r -> r.matches(t.name())).findFirst().orElse(null);
        if (rule == null) {
          problems.add(
              "checkpoint key '" + t.name() + "' " + t.shapeString() + " is not part of the model the"
                  + " config describes (a different architecture or depth?)");
        } else {
          skipped.computeIfAbsent(rule.reason(), r -> new ArrayList<>()).add(t.name());
        }
        continue;
      }
      if (!Arrays.equals(t.shape(), spec.shape())) {
        problems.add(
            "key '" + t.name() + "' has shape " + t.shapeString() + " in the checkpoint but the config"
                + " gives " + TensorData.shapeString(spec.shape()));
      } else if (!t.dtype().isFloatingPoint()) {
        problems.add("key '" + t.name() + "' has dtype " + t.dtype() + "; expected F32, F16 or BF16");
      }
    }
    for (ParamSpec s : specs.values()) {
      if (!checkpoint.containsKey(s.name())) {
        problems.add(
            "missing key '" + s.name() + "' (expected shape " + TensorData.shapeString(s.shape()) + ")");
      }
    }
    if (!problems.isEmpty()) {
      String more = problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problems)" : "";
      throw new CheckpointException(problems.get(0) + more);
    }
    List<String> mapped = new ArrayList<>();
    long values = 0;
    for (ParamSpec s : specs.values()) {
      TensorData t = checkpoint.get(s.name());
      float[] v = t.toFloats();
      checkFinite(s, v, fp16);
      // Checked now, read again when exported: the store need not hold every weight at once.
      store.setDeferred(s.name(), t::toFloats);
      mapped.add(s.name());
      values += v.length;
    }
    return new Report(List.copyOf(mapped), skipped, values);
  }

  private static void checkFinite(ParamSpec s, float[] v, boolean fp16) throws CheckpointException {
    boolean half = fp16 && s.trainable() && v.length > 1;
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i])) {
        throw new CheckpointException("key '" + s.name() + "' holds a non-finite value at index " + i);
      }
      if (half && Math.abs(v[i]) > FP16_MAX) {
        throw new CheckpointException(
            "key '" + s.name() + "' holds " + v[i] + ", beyond float16's range; import with --precision fp32");
      }
    }
  }
}
