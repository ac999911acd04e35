package ai.muq.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.muq.importer.fixtures.FixtureTensor;
import ai.muq.importer.fixtures.SafetensorsWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

  @TempDir Path dir;
  private final Random rng = new Random(7);

  @Test
  void readsEveryFloatDtypeAndInt64WithTheirShapes() throws IOException {
    List<FixtureTensor> tensors =
        List.of(
            FixtureTensor.random("model.a.weight", DType.F32, rng, 3, 5),
            FixtureTensor.random("model.b.weight", DType.F16, rng, 7),
            FixtureTensor.random("model.c.weight", DType.BF16, rng, 2, 2, 3),
            FixtureTensor.random("model.bn.num_batches_tracked", DType.I64, rng),
            FixtureTensor.random("scalar", DType.F32, rng));
    Path file = dir.resolve("model.safetensors");
    SafetensorsWriter.write(file, tensors);

    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.tensors().keySet())
          .containsExactly(tensors.stream().map(FixtureTensor::name).toArray(String[]::new));
      assertThat(reader.metadata()).containsEntry("format", "pt");
      for (FixtureTensor t : tensors) {
        TensorData d = reader.tensors().get(t.name());
        assertThat(d.dtype()).isEqualTo(t.dtype());
        assertThat(d.shape()).containsExactly(t.shape());
        if (t.dtype().isFloatingPoint()) {
          assertThat(d.toFloats()).containsExactly(t.expectedFloats());
        } else {
          assertThat(d.toLongs()).containsExactly(t.longs());
        }
      }
    }
  }

  @Test
  void halfPrecisionIsWidenedExactly() throws IOException {
    float[] values = {0f, -0f, 1f, -2.5f, 65504f, 6.1035156e-5f, 5.9604645e-8f, Float.POSITIVE_INFINITY};
    Path file = dir.resolve("h.safetensors");
    SafetensorsWriter.write(
        file,
        List.of(
            FixtureTensor.of("h", DType.F16, new long[] {values.length}, values),
            FixtureTensor.of("b", DType.BF16, new long[] {values.length}, values)));
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.tensors().get("h").toFloats()).containsExactly(values);
      float[] bf = reader.tensors().get("b").toFloats();
      assertThat(bf[2]).isEqualTo(1f);
      assertThat(bf[3]).isEqualTo(-2.5f);
      assertThat(bf[7]).isEqualTo(Float.POSITIVE_INFINITY);
    }
  }

  @Test
  void asFloatsOfAnIntegerTensorNamesTheTensor() throws IOException {
    Path file = dir.resolve("i.safetensors");
    SafetensorsWriter.write(file, List.of(FixtureTensor.random("ids", DType.I64, rng, 4)));
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThatThrownBy(() -> reader.tensors().get("ids").toFloats())
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("'ids'")
          .hasMessageContaining("I64");
    }
  }

  @Test
  void truncatedFileIsRefusedOnOpenNamingTheTensor() throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafetensorsWriter.write(
        file,
        List.of(
            FixtureTensor.random("first", DType.F32, rng, 16),
            FixtureTensor.random("last", DType.F32, rng, 16)));
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length - 10));
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("'last'")
        .hasMessageContaining("truncated");
  }

  @Test
  void fileCutInsideTheHeaderIsRefused() throws IOException {
    Path file = dir.resolve("t.safetensors");
    SafetensorsWriter.write(file, List.of(FixtureTensor.random("w", DType.F32, rng, 16)));
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, 20));
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("header length")
        .hasMessageContaining(file.toString());
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not a safetensors file");
  }

  @Test
  void badHeaderJsonIsRefused() throws IOException {
    Path file = writeRaw("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("bad safetensors header");
    Path file2 = writeRaw("{\"w\": {\"dtype\": \"F32\", \"shape\": [2]}}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(file2))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'w' has a bad header entry");
  }

  @Test
  void unsupportedDtypeIsOneLineNamingTheTensor() throws IOException {
    Path file = writeRaw("{\"fp8\": {\"dtype\": \"F8_E4M3\", \"shape\": [2], \"data_offsets\": [0, 2]}}", 2);
    assertThatThrownBy(() -> SafetensorsReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'fp8' has unsupported dtype F8_E4M3")
        .hasMessageNotContaining("\n");
  }

  @Test
  void offsetsOutOfRangeOrNotMatchingTheShapeAreRefused() throws IOException {
    Path out = writeRaw("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 800]}}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(out))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'w' has data_offsets [0, 800] outside the 8-byte data section");
    Path mismatch = writeRaw("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8);
    assertThatThrownBy(() -> SafetensorsReader.open(mismatch))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'w' is F32 [3] = 12 bytes, but its data_offsets span 8");
    Path overlap =
        writeRaw(
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]},"
                + "\"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
            8);
    assertThatThrownBy(() -> SafetensorsReader.open(overlap))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("overlap");
  }

  /**
   * A tensor beyond the 2 GiB mark of a sparse file: a ByteBuffer mapping could not reach it, the
   * 64-bit memory segment does. The file is sparse, so this costs no disk and no time.
   */
  @Test
  void readsTensorsPastTwoGigabytes() throws IOException {
    long gap = 9L * 1024 * 1024 * 1024; // 2.4 G floats: also too many for one array
    String header =
        "{\"zeros\": {\"dtype\": \"F32\", \"shape\": [" + gap / 4 + "], \"data_offsets\": [0, " + gap + "]},"
            + "\"far\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [" + gap + ", " + (gap + 8) + "]}}";
    Path file = dir.resolve("big.safetensors");
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
      raf.write(h);
      raf.seek(8 + h.length + gap);
      raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-3f).array());
    }
    try (SafetensorsReader reader = SafetensorsReader.open(file)) {
      assertThat(reader.tensors().get("far").toFloats()).containsExactly(1.5f, -3f);
      assertThatThrownBy(() -> reader.tensors().get("zeros").toFloats())
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("more than one Java array holds");
    }
  }

  private Path writeRaw(String header, int dataBytes) throws IOException {
    Path file = dir.resolve("raw" + System.nanoTime() + ".safetensors");
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Files.write(file, b.array());
    return file;
  }
}
