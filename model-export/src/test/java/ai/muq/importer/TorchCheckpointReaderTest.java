package ai.muq.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.muq.importer.fixtures.FixtureTensor;
import ai.muq.importer.fixtures.PickleWriter;
import ai.muq.importer.fixtures.TorchZipWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointReaderTest {

  @TempDir Path dir;
  private final Random rng = new Random(11);

  private List<FixtureTensor> sample() {
    return List.of(
        FixtureTensor.random("mulan.audio.proj.weight", DType.F32, rng, 6, 4),
        FixtureTensor.random("mulan.audio.proj.bias", DType.F16, rng, 6),
        FixtureTensor.random("mulan.text.model.embeddings.LayerNorm.weight", DType.BF16, rng, 5),
        FixtureTensor.random("mulan.audio.model.model.conv.conv.0.bn1.num_batches_tracked", DType.I64, rng),
        FixtureTensor.random("mulan.contrast.temperatures", DType.F32, rng, 1, 1, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"archive", "pytorch_model", "MuQ-MuLan-large"})
  void readsStateDictWhateverTheRecordFolderIsCalled(String record) throws IOException {
    List<FixtureTensor> tensors = sample();
    Path file = dir.resolve("pytorch_model.bin");
    new TorchZipWriter().record(record).addAll(tensors).write(file);
    assertReads(file, tensors);
  }

  @Test
  void openDetectsTheFormatByContent() throws IOException {
    List<FixtureTensor> tensors = sample();
    Path file = dir.resolve("weights.safetensors"); // misleading name: content decides
    new TorchZipWriter().addAll(tensors).write(file);
    try (CheckpointReader reader = CheckpointReader.open(file)) {
      assertThat(reader).isInstanceOf(TorchCheckpointReader.class);
      assertThat(reader.tensors()).hasSize(tensors.size());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"state_dict", "model", "weights_of_my_run"})
  void findsAStateDictWrappedInATrainingCheckpoint(String key) throws IOException {
    List<FixtureTensor> tensors = sample();
    Path file = dir.resolve("ckpt.pt");
    new TorchZipWriter().wrapIn(key).addAll(tensors).write(file);
    assertReads(file, tensors);
  }

  @Test
  void readsMoreThanOneSetitemsBatchAndLongMemoIndices() throws IOException {
    List<FixtureTensor> many = new java.util.ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      many.add(FixtureTensor.random("t" + i, DType.F32, rng, 2));
    }
    Path file = dir.resolve("many.bin");
    new TorchZipWriter().addAll(many).write(file);
    assertReads(file, many);
  }

  @Test
  void bigEndianArchivesAreSwapped() throws IOException {
    List<FixtureTensor> tensors = sample();
    Path file = dir.resolve("be.bin");
    new TorchZipWriter().byteOrder(ByteOrder.BIG_ENDIAN, true).addAll(tensors).write(file);
    assertReads(file, tensors);
  }

  @Test
  void viewsWithOffsetsTransposesAndSharedStoragesAreGathered() throws IOException {
    // storage 0: 12 floats 0..11; views: rows 1..2 of a 3x4 matrix, its transpose, a strided column.
    float[] base = new float[12];
    for (int i = 0; i < 12; i++) {
      base[i] = i;
    }
    ByteBuffer b = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : base) {
      b.putFloat(f);
    }
    Path file = dir.resolve("views.bin");
    new TorchZipWriter()
        .storage("0", new TorchZipWriter.Storage(DType.F32, 12, b.array()))
        .view(new TorchZipWriter.View("rows", "0", 4, new long[] {2, 4}, new long[] {4, 1}))
        .view(new TorchZipWriter.View("transposed", "0", 0, new long[] {4, 3}, new long[] {1, 4}))
        .view(new TorchZipWriter.View("column", "0", 2, new long[] {3}, new long[] {4}))
        .view(new TorchZipWriter.View("expanded", "0", 5, new long[] {2, 3}, new long[] {0, 1}))
        .write(file);
    try (TorchCheckpointReader reader = TorchCheckpointReader.open(file)) {
      assertThat(reader.tensors().get("rows").toFloats()).containsExactly(4, 5, 6, 7, 8, 9, 10, 11);
      assertThat(reader.tensors().get("transposed").toFloats())
          .containsExactly(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11);
      assertThat(reader.tensors().get("column").toFloats()).containsExactly(2, 6, 10);
      assertThat(reader.tensors().get("expanded").toFloats()).containsExactly(5, 6, 7, 5, 6, 7);
    }
  }

  @Test
  void viewBeyondItsStorageIsRefused() throws IOException {
    Path file = dir.resolve("bad-view.bin");
    new TorchZipWriter()
        .storage("0", new TorchZipWriter.Storage(DType.F32, 4, new byte[16]))
        .view(new TorchZipWriter.View("w", "0", 2, new long[] {4}, new long[] {1}))
        .write(file);
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'w' reads elements 2..6 of storage data/0, which has 4");
  }

  // --- hostile and broken files ------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"os system", "posix system", "builtins eval", "subprocess Popen", "torch load"})
  void refusesAPickleThatNamesACallable(String global) throws IOException {
    String[] mn = global.split(" ");
    byte[] hostile =
        new PickleWriter()
            .proto(2)
            .global(mn[0], mn[1])
            .string("touch /tmp/pwned")
            .tuple(1)
            .op('R')
            .op('.')
            .toByteArray();
    Path file = dir.resolve("hostile.bin");
    new TorchZipWriter().write(file, hostile);
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("refusing global " + mn[0] + "." + mn[1])
        .hasMessageContaining("never run code")
        .hasMessageNotContaining("\n");
    assertThat(Path.of("/tmp/pwned")).doesNotExist();
  }

  @Test
  void refusesAStackGlobalToo() throws IOException {
    byte[] hostile =
        new PickleWriter().proto(4).string("builtins").string("exec").op(0x93).op('.').toByteArray();
    Path file = dir.resolve("hostile4.bin");
    new TorchZipWriter().write(file, hostile);
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("refusing global builtins.exec");
  }

  @Test
  void refusesOpcodesOutsideTheSubset() throws IOException {
    // INST (i) builds an instance by calling a class: never needed by a state dict.
    byte[] inst = new PickleWriter().proto(2).op('(').raw("ios\nsystem\n".getBytes()).op('.').toByteArray();
    Path file = dir.resolve("inst.bin");
    new TorchZipWriter().write(file, inst);
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("opcode 0x69")
        .hasMessageContaining("not allowed");
  }

  @Test
  void callingAStorageClassIsRefused() throws IOException {
    byte[] p = new PickleWriter().proto(2).global("torch", "FloatStorage").op(')').op('R').op('.').toByteArray();
    Path file = dir.resolve("call-storage.bin");
    new TorchZipWriter().write(file, p);
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("torch.FloatStorage cannot be called");
  }

  @Test
  void truncatedZipIsRefused() throws IOException {
    Path file = dir.resolve("cut.bin");
    new TorchZipWriter().addAll(sample()).write(file);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> CheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not a complete zip archive");
  }

  @Test
  void truncatedPickleIsRefused() throws IOException {
    TorchZipWriter w = new TorchZipWriter().addAll(sample());
    byte[] pkl = w.pickle();
    Path file = dir.resolve("cut-pkl.bin");
    w.write(file, Arrays.copyOf(pkl, pkl.length - 40));
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("data.pkl");
  }

  @Test
  void storageShorterThanItsDeclaredSizeIsRefusedNamingTheTensor() throws IOException {
    Path file = dir.resolve("short.bin");
    new TorchZipWriter()
        .storage("0", new TorchZipWriter.Storage(DType.F32, 8, new byte[20]))
        .view(new TorchZipWriter.View("model.w", "0", 0, new long[] {8}, new long[] {1}))
        .write(file);
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'model.w'")
        .hasMessageContaining("truncated");
  }

  @Test
  void missingStorageEntryIsRefusedNamingTheTensor() throws IOException {
    Path file = dir.resolve("nostorage.bin");
    new TorchZipWriter()
        .view(new TorchZipWriter.View("model.w", "7", 0, new long[] {2}, new long[] {1}))
        .storage("0", new TorchZipWriter.Storage(DType.F32, 2, new byte[8]))
        .write(file, pickleNamingStorage7());
    assertThatThrownBy(() -> TorchCheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("tensor 'model.w' refers to storage data/7");
  }

  private byte[] pickleNamingStorage7() {
    return new TorchZipWriter()
        .storage("7", new TorchZipWriter.Storage(DType.F32, 2, new byte[8]))
        .view(new TorchZipWriter.View("model.w", "7", 0, new long[] {2}, new long[] {1}))
        .pickle();
  }

  @Test
  void zipWithoutARecordOrWithTwoIsRefused() throws IOException {
    Path none = dir.resolve("none.bin");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(none))) {
      z.putNextEntry(new ZipEntry("readme.txt"));
      z.write("hi".getBytes());
    }
    assertThatThrownBy(() -> TorchCheckpointReader.open(none))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("not a PyTorch checkpoint");
    Path two = dir.resolve("two.bin");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(two))) {
      z.putNextEntry(new ZipEntry("a/data.pkl"));
      z.putNextEntry(new ZipEntry("b/data.pkl"));
    }
    assertThatThrownBy(() -> TorchCheckpointReader.open(two))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("several records [a/, b/]");
  }

  @Test
  void legacyPickleFormatGetsAnExplanation() throws IOException {
    Path file = dir.resolve("old.pt");
    Files.write(file, new byte[] {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a});
    assertThatThrownBy(() -> CheckpointReader.open(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("legacy");
  }

  private static void assertReads(Path file, List<FixtureTensor> tensors) throws IOException {
    try (CheckpointReader reader = TorchCheckpointReader.open(file)) {
      assertThat(reader.tensors().keySet())
          .containsExactly(tensors.stream().map(FixtureTensor::name).toArray(String[]::new));
      for (FixtureTensor t : tensors) {
        TensorData d = reader.tensors().get(t.name());
        assertThat(d.dtype()).as(t.name()).isEqualTo(t.dtype());
        assertThat(d.shape()).as(t.name()).containsExactly(t.shape());
        if (t.dtype().isFloatingPoint()) {
          assertThat(d.toFloats()).as(t.name()).containsExactly(t.expectedFloats());
        } else {
          assertThat(d.toLongs()).as(t.name()).containsExactly(t.longs());
        }
      }
    }
  }
}
