package ai.muq.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a safetensors file: an 8-byte little-endian header length, a JSON header naming every
 * tensor's dtype, shape and byte range, then the raw little-endian data.
 *
 * <p>The whole file is memory-mapped once as a {@link MemorySegment} (64-bit offsets, so files over
 * 2 GB need no chunking); tensors are views into the mapping and are copied only when converted, one
 * at a time. The header is validated completely on open, so a truncated or corrupt file fails before
 * anything is imported.
 */
public final class SafetensorsReader implements CheckpointReader {

  /** Headers larger than this are refused as corrupt (the real ones are tens of kilobytes). */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private final Path path;
  private final Arena arena;
  private final Map<String, TensorData> tensors;
  private final Map<String, String> metadata;

  private SafetensorsReader(
      Path path, Arena arena, Map<String, TensorData> tensors, Map<String, String> metadata) {
    this.path = path;
    this.arena = arena;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Maps and indexes a safetensors file.
   *
   * @throws CheckpointException naming the file (and tensor) for a truncated file, a bad header, an
   *     unsupported dtype or byte ranges that do not fit
   */
  public static SafetensorsReader open(Path path) throws IOException {
    Arena arena = Arena.ofShared();
    try {
      MemorySegment file;
      try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
        file = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
      }
      SafetensorsReader reader = index(path, arena, file);
      arena = null; // owned by the reader from here on
      return reader;
    } finally {
      if (arena != null) {
        arena.close();
      }
    }
  }

  private static SafetensorsReader index(Path path, Arena arena, MemorySegment file)
      throws CheckpointException {
    long size = file.byteSize();
    if (size < 8) {
      throw new CheckpointException(
          path + " is not a safetensors file: " + size + " bytes, shorter than the 8-byte header length");
    }
    long headerLen = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
    if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
      throw new CheckpointException(
          path + " is not a valid safetensors file: header length " + Long.toUnsignedString(headerLen)
              + " does not fit in a file of " + size + " bytes (truncated or not safetensors)");
    }
    byte[] headerBytes = file.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
    JsonNode header;
    try {
      header = new ObjectMapper().readTree(new String(headerBytes, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      throw new CheckpointException(
          path + " has a bad safetensors header (not JSON): " + e.getOriginalMessage());
    }
    if (header == null || !header.isObject()) {
      throw new CheckpointException(path + " has a bad safetensors header: not a JSON object");
    }
    long dataStart = 8 + headerLen;
    long dataLen = size - dataStart;
    MemorySegment data = file.asSlice(dataStart, dataLen);

    Map<String, String> metadata = new LinkedHashMap<>();
    record Entry(String name, DType dtype, long[] shape, long begin, long end) {}
    List<Entry> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode node = field.getValue();
      if (name.equals("__metadata__")) {
        if (node.isObject()) {
          node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        }
        continue;
      }
      String where = path + ": tensor '" + name + "'";
      if (!node.isObject()
          || !node.path("dtype").isTextual()
          || !node.path("shape").isArray()
          || !node.path("data_offsets").isArray()
          || node.path("data_offsets").size() != 2) {
        throw new CheckpointException(where + " has a bad header entry (needs dtype, shape, data_offsets)");
      }
      String dtypeName = node.get("dtype").asText();
      DType dtype =
          DType.parse(dtypeName)
              .orElseThrow(
                  () ->
                      new CheckpointException(
                          where + " has unsupported dtype " + dtypeName + " (supported: "
                              + DType.supportedNames() + ")"));
      long[] shape = new long[node.get("shape").size()];
      for (int i = 0; i < shape.length; i++) {
        JsonNode d = node.get("shape").get(i);
        if (!d.canConvertToLong() || d.asLong() < 0) {
          throw new CheckpointException(where + " has a bad shape " + node.get("shape"));
        }
        shape[i] = d.asLong();
      }
      JsonNode off = node.get("data_offsets");
      if (!off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
        throw new CheckpointException(where + " has bad data_offsets " + off);
      }
      long begin = off.get(0).asLong();
      long end = off.get(1).asLong();
      if (begin < 0 || end < begin || end > dataLen) {
        throw new CheckpointException(
            where + " has data_offsets [" + begin + ", " + end + "] outside the " + dataLen
                + "-byte data section (file truncated?)");
      }
      long expected;
      try {
        expected = Math.multiplyExact(TensorData.numel(shape), dtype.size());
      } catch (ArithmeticException e) {
        throw new CheckpointException(where + " has an impossibly large shape " + node.get("shape"));
      }
      if (end - begin != expected) {
        throw new CheckpointException(
            where + " is " + dtype + " " + TensorData.shapeString(shape) + " = " + expected
                + " bytes, but its data_offsets span " + (end - begin));
      }
      entries.add(new Entry(name, dtype, shape, begin, end));
    }
    // Order by position in the file: the order the writer laid them out, and sequential reads.
    entries.sort(Comparator.comparingLong(Entry::begin));
    for (int i = 1; i < entries.size(); i++) {
      Entry prev = entries.get(i - 1);
      Entry cur = entries.get(i);
      if (cur.begin() < prev.end()) {
        throw new CheckpointException(
            path + ": tensors '" + prev.name() + "' and '" + cur.name() + "' overlap in the data section");
      }
    }
    Map<String, TensorData> tensors = new LinkedHashMap<>();
    for (Entry e : entries) {
      MemorySegment slice = data.asSlice(e.begin(), e.end() - e.begin());
      tensors.put(e.name(), new TensorData(e.name(), e.dtype(), e.shape(), () -> slice));
    }
    return new SafetensorsReader(
        path, arena, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Map<String, TensorData> tensors() {
    return tensors;
  }

  /** The header's {@code __metadata__} strings (empty when absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** Unmaps the file; tensors of this reader must not be converted afterwards. */
  @Override
  public void close() {
    arena.close();
  }
}
