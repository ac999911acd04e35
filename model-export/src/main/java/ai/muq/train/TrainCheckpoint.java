package ai.muq.train;

import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A training checkpoint directory: {@code params.safetensors} (every parameter and buffer), {@code
 * optimizer.safetensors} (AdamW moments) and {@code state.json} (step, data position, the
 * command's options and anything else the trainer needs to continue exactly). Written to a
 * temporary sibling directory, then renamed, so a crash never leaves a half-written checkpoint.
 */
public final class TrainCheckpoint {

  public static final String PARAMS = "params.safetensors";
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String STATE = "state.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainCheckpoint() {}

  /** The trainer state saved beside the tensors. */
  public record State(String kind, long step, String dataPosition, Map<String, Object> options, Map<String, Object> extra) {}

  public static void save(Path dir, ParamStore store, AdamW optimizer, State state) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(dir.getFileName() + ".tmp");
    deleteRecursively(tmp);
    Files.createDirectories(tmp);
    Map<String, SafetensorsFile.Tensor> params = new LinkedHashMap<>();
    for (ParamSpec s : store.specs()) {
      if (store.has(s.name())) {
        params.put(s.name(), new SafetensorsFile.Tensor(store.floats(s.name()), s.shape()));
      }
    }
    SafetensorsFile.write(tmp.resolve(PARAMS), params, Map.of("format", "pt", "producer", "muq-model-export"));
    if (optimizer != null) {
      SafetensorsFile.write(tmp.resolve(OPTIMIZER), optimizer.state(), Map.of());
    }
    JSON.writeValue(tmp.resolve(STATE).toFile(), state);
    Path old = parent.resolve(dir.getFileName() + ".old");
    deleteRecursively(old);
    if (Files.exists(dir)) {
      Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    deleteRecursively(old);
  }

  public static State readState(Path dir) throws IOException {
    Path f = dir.resolve(STATE);
    if (!Files.isRegularFile(f)) {
      throw new IOException("not a checkpoint (no " + STATE + "): " + dir);
    }
    return JSON.readValue(f.toFile(), State.class);
  }

  /**
   * Loads parameters into the store; names the checkpoint has and the store does not declare are
   * an error unless {@code allowExtra}.
   *
   * @return names of the store's parameters the checkpoint did not have
   */
  public static Set<String> loadParams(Path dir, ParamStore store, boolean allowExtra) throws IOException {
    Map<String, SafetensorsFile.Tensor> tensors = SafetensorsFile.read(dir.resolve(PARAMS));
    Set<String> missing = new HashSet<>();
    for (ParamSpec s : store.specs()) {
      missing.add(s.name());
    }
    for (Map.Entry<String, SafetensorsFile.Tensor> e : tensors.entrySet()) {
      if (!missing.remove(e.getKey())) {
        if (allowExtra) {
          continue;
        }
        throw new IOException("checkpoint has a parameter the model does not declare: " + e.getKey());
      }
      store.set(e.getKey(), e.getValue().data());
    }
    return missing;
  }

  /** Every tensor of a checkpoint's parameters, by name. */
  public static Map<String, SafetensorsFile.Tensor> tensors(Path dir) throws IOException {
    return SafetensorsFile.read(dir.resolve(PARAMS));
  }

  public static void loadOptimizer(Path dir, AdamW optimizer, long step, Set<String> known) throws IOException {
    Path f = dir.resolve(OPTIMIZER);
    optimizer.restore(Files.exists(f) ? SafetensorsFile.read(f) : Map.of(), step, known);
  }

  static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(x);
      }
    }
  }
}
