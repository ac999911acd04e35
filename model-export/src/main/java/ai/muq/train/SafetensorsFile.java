package ai.muq.train;

import ai.muq.importer.SafetensorsReader;
import ai.muq.importer.TensorData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * float32 tensors to and from the safetensors format: the trainer's checkpoints use the same
 * format as the released MuQ weights, read by the importer's memory-mapped reader.
 */
public final class SafetensorsFile {

  private SafetensorsFile() {}

  /** A float32 tensor, row-major. */
  public record Tensor(float[] data, long[] shape) {
    public Tensor {
      long n = 1;
      for (long d : shape) {
        n *= d;
      }
      if (n != data.length) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length + " values");
      }
    }
  }

  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode md = header.putObject("__metadata__");
      metadata.forEach(md::put);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      ObjectNode t = header.putObject(e.getKey());
      t.put("dtype", "F32");
      var shape = t.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      long len = 4L * e.getValue().data().length;
      t.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    byte[] headerBytes = Arrays.copyOf(h, padded);
    Arrays.fill(headerBytes, h.length, padded, (byte) ' ');
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(headerBytes);
      ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (Tensor t : tensors.values()) {
        for (float f : t.data()) {
          if (!buf.hasRemaining()) {
            out.write(buf.array(), 0, buf.position());
            buf.clear();
          }
          buf.putFloat(f);
        }
      }
      out.write(buf.array(), 0, buf.position());
    }
  }

  /** Reads every tensor as float32. */
  public static Map<String, Tensor> read(Path file) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (SafetensorsReader r = SafetensorsReader.open(file)) {
      for (Map.Entry<String, TensorData> e : r.tensors().entrySet()) {
        out.put(e.getKey(), new Tensor(e.getValue().toFloats(), e.getValue().shape()));
      }
    }
    return out;
  }
}
