package ai.muq.importer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The named tensors of one checkpoint file. Tensors are read lazily, so the reader must stay open
 * while any of its {@link TensorData} is converted.
 */
public interface CheckpointReader extends AutoCloseable {

  /** The file this reader reads. */
  Path path();

  /** Every tensor, keyed by its name as the checkpoint spells it, in the checkpoint's order. */
  Map<String, TensorData> tensors();

  @Override
  void close() throws IOException;

  /**
   * Opens a checkpoint by its content, not its name: a zip archive is a PyTorch checkpoint, anything
   * else is read as safetensors.
   *
   * @throws CheckpointException for a file that is neither, with one readable line
   */
  static CheckpointReader open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CheckpointException("checkpoint not found: " + file);
    }
    byte[] magic;
    try (InputStream in = Files.newInputStream(file)) {
      magic = in.readNBytes(4);
    }
    if (magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4) {
      return TorchCheckpointReader.open(file);
    }
    if (magic.length >= 2 && (magic[0] & 0xFF) == 0x80 && magic[1] <= 5) {
      throw new CheckpointException(
          file + " is a legacy (pre-zip, torch < 1.6) pickle checkpoint; re-save it with torch.save"
              + " from torch 1.6 or later, or convert it to safetensors");
    }
    return SafetensorsReader.open(file);
  }
}
