package ai.muq.importer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import ai.muq.cli.Engines;
import ai.muq.importer.fixtures.ReleasedCheckpoints;
import ai.muq.importer.fixtures.ReleasedCheckpoints.Entry;
import ai.muq.importer.fixtures.ReleasedCheckpoints.MuqSizes;
import ai.muq.importer.fixtures.ReleasedCheckpoints.TextSizes;
import ai.muq.importer.fixtures.ReleasedCheckpoints.TowerSizes;
import ai.muq.importer.fixtures.TorchZipWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in full-size run: random-weight checkpoints in the two released layouts at their real sizes
 * (MuQ-large-msd-iter as model.safetensors, about 1.3 GB; MuQ-MuLan-large as a torch zip
 * pytorch_model.bin, about 2.5 GB) are written to {@code $MUQ_FULLSIZE_DIR} (default: a temp
 * folder) and imported; the wall time and the sampled peak heap are printed. Enable with {@code
 * MUQ_FULLSIZE_IMPORT=1}. The checkpoints stay for a CLI run of the jar under {@code -Xmx4g}.
 */
@EnabledIfEnvironmentVariable(named = "MUQ_FULLSIZE_IMPORT", matches = "1")
class FullSizeImportBenchmark {

  static final MuqSizes MUQ_LARGE = new MuqSizes(512, 1024, 12, 16, 4096, 4096);
  static final TextSizes XLMR_BASE = new TextSizes(250002, 768, 12, 12, 3072, 514);
  static final TowerSizes RELEASED_TOWERS = new TowerSizes(768, 0, 8, 8, 64, 512);

  static Path root() throws IOException {
    String d = System.getenv("MUQ_FULLSIZE_DIR");
    Path p = d != null ? Path.of(d) : Files.createTempDirectory("muq-fullsize");
    Files.createDirectories(p);
    return p;
  }

  @Test
  void muqLargeSafetensors() throws Exception {
    Path release = root().resolve("MuQ-large-msd-iter");
    List<Entry> layout = new ReleasedCheckpoints(1, DType.F32).muq("model.", MUQ_LARGE).entries();
    if (!Files.exists(release.resolve("model.safetensors"))) {
      ReleasedCheckpoints.writeJson(release.resolve("config.json"), ReleasedCheckpoints.muqConfig(MUQ_LARGE));
      writeSafetensors(release.resolve("model.safetensors"), layout);
    }
    measure(release, null);
  }

  @Test
  void mulanLargeTorchZip() throws Exception {
    Path release = root().resolve("MuQ-MuLan-large");
    List<Entry> layout =
        new ReleasedCheckpoints(2, DType.F32).mulan(MUQ_LARGE, XLMR_BASE, RELEASED_TOWERS).entries();
    if (!Files.exists(release.resolve("pytorch_model.bin"))) {
      // The released config.json, naming the sub-models whose built-in configurations are used.
      ReleasedCheckpoints.writeJson(
          release.resolve("config.json"),
          ReleasedCheckpoints.mulanConfig("OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-base", 1024, RELEASED_TOWERS));
      ReleasedCheckpoints.writeTokenizer(release.resolve("tokenizer.json"));
      TorchZipWriter zip = new TorchZipWriter().record("pytorch_model");
      java.util.Map<String, Entry> byName = new java.util.HashMap<>();
      for (Entry e : layout) {
        zip.addLayout(e.name(), e.dtype(), e.shape());
        byName.put(e.name(), e);
      }
      zip.write(release.resolve("pytorch_model.bin"), name -> bytes(byName.get(name)));
    }
    measure(release, null);
  }

  private static void measure(Path release, Path tokenizer) throws Exception {
    Engines.init();
    Path out = release.resolveSibling(release.getFileName() + "-bundle");
    System.gc();
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        Thread.ofPlatform().daemon().start(() -> {
          var mem = ManagementFactory.getMemoryMXBean();
          while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
            try {
              Thread.sleep(50);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
    ReleaseImporter.Result result;
    try {
      result = new ReleaseImporter(System.out).run(new ReleaseImporter.Request(
          release, out, ReleaseImporter.Precision.FP32, null, null, tokenizer));
    } finally {
      sampler.interrupt();
    }
    System.out.printf("FULL-SIZE %s: %d tensors (%,d values) imported and exported in %.1f s;"
            + " sampled peak heap %.2f GiB (max heap %.1f GiB)%n",
        release.getFileName(), result.mapping().mapped().size(), result.mapping().values(),
        result.millis() / 1000.0, peak.get() / (double) (1L << 30),
        Runtime.getRuntime().maxMemory() / (double) (1L << 30));
    BundleManifest.read(out).verify(out);
    assertThat(result.millis()).isPositive();
  }

  /** Little-endian bytes of a tensor's random values, drawn from a per-tensor stream. */
  static byte[] bytes(Entry e) {
    int n = Math.toIntExact(e.numel());
    SplittableRandom r = new SplittableRandom(e.name().hashCode());
    if (e.dtype() == DType.I64) {
      ByteBuffer b = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        b.putLong(e.kind() == ReleasedCheckpoints.Kind.IDS ? i : 12345);
      }
      return b.array();
    }
    ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      // uniform with the spread of N(0, 1): cheap, and shapes, not values, are what is measured
      b.putFloat(ReleasedCheckpoints.value(e.kind(), (r.nextDouble() * 2 - 1) * 1.7));
    }
    return b.array();
  }

  static void writeSafetensors(Path file, List<Entry> layout) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    long offset = 0;
    for (Entry e : layout) {
      ObjectNode o = header.putObject(e.name());
      o.put("dtype", e.dtype().name());
      ArrayNode shape = o.putArray("shape");
      for (long d : e.shape()) {
        shape.add(d);
      }
      long len = e.numel() * e.dtype().size();
      o.putArray("data_offsets").add(offset).add(offset + len);
      offset += len;
    }
    byte[] h = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
      out.write(h);
      for (Entry e : layout) {
        out.write(bytes(e));
      }
    }
  }
}
