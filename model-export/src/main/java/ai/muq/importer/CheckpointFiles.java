package ai.muq.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds and opens the weights of a release directory: {@code model.safetensors} (preferred where
 * both exist, as in MuQ-large-msd-iter), a sharded safetensors index, {@code pytorch_model.bin}, or
 * else the single checkpoint file the directory holds.
 */
public final class CheckpointFiles implements AutoCloseable {

  private static final List<String> EXTENSIONS = List.of(".safetensors", ".bin", ".pt", ".pth", ".ckpt");

  private final List<CheckpointReader> readers;
  private final Map<String, TensorData> tensors;

  private CheckpointFiles(List<CheckpointReader> readers, Map<String, TensorData> tensors) {
    this.readers = readers;
    this.tensors = tensors;
  }

  /** The checkpoint files the directory's weights are read from. */
  public static List<Path> locate(Path dir) throws CheckpointException {
    Path single = dir.resolve("model.safetensors");
    if (Files.isRegularFile(single)) {
      return List.of(single);
    }
    Path index = dir.resolve("model.safetensors.index.json");
    if (Files.isRegularFile(index)) {
      return shards(index);
    }
    Path bin = dir.resolve("pytorch_model.bin");
    if (Files.isRegularFile(bin)) {
      return List.of(bin);
    }
    List<Path> candidates = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(p) && EXTENSIONS.stream().anyMatch(n::endsWith)) {
          candidates.add(p);
        }
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot list " + dir + ": " + e.getMessage());
    }
    if (candidates.size() == 1) {
      return candidates;
    }
    if (candidates.isEmpty()) {
      throw new CheckpointException(
          dir + " holds no checkpoint (model.safetensors or pytorch_model.bin)");
    }
    candidates.sort(null);
    throw new CheckpointException(
        dir + " holds several checkpoint files " + candidates.stream().map(p -> p.getFileName().toString()).toList()
            + " and none is named model.safetensors or pytorch_model.bin");
  }

  private static List<Path> shards(Path index) throws CheckpointException {
    JsonNode map;
    try {
      map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
    } catch (IOException e) {
      throw new CheckpointException(index + " is not valid JSON: " + JsonConfig.firstLine(e.getMessage()));
    }
    if (!map.isObject() || map.isEmpty()) {
      throw new CheckpointException(index + " has no weight_map");
    }
    Set<String> files = new LinkedHashSet<>();
    for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
      String f = it.next().asText();
      if (f.contains("/") || f.contains("\\")) {
        throw new CheckpointException(index + " names a shard outside its directory: " + f);
      }
      files.add(f);
    }
    return files.stream().map(index::resolveSibling).toList();
  }

  /** Opens every file and merges their tensors; a key in two files is an error. */
  public static CheckpointFiles open(List<Path> files) throws IOException {
    List<CheckpointReader> readers = new ArrayList<>();
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    try {
      for (Path f : files) {
        CheckpointReader r = CheckpointReader.open(f);
        readers.add(r);
        for (Map.Entry<String, TensorData> e : r.tensors().entrySet()) {
          if (tensors.putIfAbsent(e.getKey(), e.getValue()) != null) {
            throw new CheckpointException("tensor '" + e.getKey() + "' appears in more than one shard");
          }
        }
      }
      CheckpointFiles opened = new CheckpointFiles(readers, tensors);
      readers = null;
      return opened;
    } finally {
      if (readers != null) {
        for (CheckpointReader r : readers) {
          r.close();
        }
      }
    }
  }

  public Map<String, TensorData> tensors() {
    return tensors;
  }

  @Override
  public void close() throws IOException {
    for (CheckpointReader r : readers) {
      r.close();
    }
  }
}
