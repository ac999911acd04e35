package ai.muq.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClipLoaderTest {

  private static final int CROP = 2400;

  @TempDir Path dir;
  private List<CatalogEntry> entries;
  private Path corrupt;
  private Path shortClip;

  @BeforeEach
  void writeClips() throws IOException {
    entries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Path f = dir.resolve("clip" + i + ".wav");
      WavFiles.writeMono16(f, tone(200 + 50 * i, 24000 + 1000 * i, 24000), 24000);
      entries.add(CatalogEntry.of(f));
    }
    shortClip = dir.resolve("short.wav");
    WavFiles.writeMono16(shortClip, tone(440, 1000, 24000), 24000);
    entries.add(CatalogEntry.of(shortClip));
    corrupt = dir.resolve("corrupt.wav");
    Files.write(corrupt, "RIFF\u0000\u0000garbage, not a wave file".getBytes(StandardCharsets.ISO_8859_1));
    entries.add(CatalogEntry.of(corrupt));
  }

  private static float[] tone(double hz, int samples, int rate) {
    float[] x = new float[samples];
    for (int i = 0; i < samples; i++) {
      x[i] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  private static ClipLoader.Config config(long epochs) {
    return new ClipLoader.Config(3, CROP, 2, 42, 2, epochs);
  }

  private static List<ClipLoader.Batch> drain(ClipLoader loader) throws InterruptedException {
    List<ClipLoader.Batch> out = new ArrayList<>();
    for (Optional<ClipLoader.Batch> b = loader.next(); b.isPresent(); b = loader.next()) {
      out.add(b.get());
    }
    return out;
  }

  @Test
  void deliversFixedShapeBatchesAndSkipsTheCorruptFileWithOneWarning() throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<ClipLoader.Batch> batches;
    ClipLoader loader;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      loader = new ClipLoader(entries, config(3), ClipLoader.Position.START);
      batches = drain(loader);
    } finally {
      System.setErr(originalErr);
    }
    loader.close();
    // 11 readable files per epoch -> 3 full batches of 3, the partial rest is dropped.
    assertThat(batches).hasSize(9);
    for (ClipLoader.Batch b : batches) {
      assertThat(b.audio()).hasDimensions(3, CROP);
      assertThat(b.entries()).hasSize(3).noneMatch(e -> e.audio().equals(corrupt));
    }
    assertThat(loader.skipped()).containsExactly(corrupt);
    String log = err.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("WARN").contains("corrupt.wav");
    assertThat(log.split("corrupt.wav", -1)).hasSize(2); // warned once over three epochs
    assertThat(loader.position().epoch()).isEqualTo(2);
    // Each epoch visits the files in another order.
    assertThat(batches.get(0).entries()).isNotEqualTo(batches.get(3).entries());
  }

  @Test
  void cropsComeFromTheFileAndShortClipsWrap() throws Exception {
    try (ClipLoader loader = new ClipLoader(entries, config(1), ClipLoader.Position.START)) {
      for (ClipLoader.Batch b : drain(loader)) {
        for (int row = 0; row < 3; row++) {
          float[] crop = b.audio()[row];
          if (b.entries().get(row).audio().equals(shortClip)) {
            float[] whole = ClipLoader.sharedDecoder().decode(shortClip);
            for (int i = 0; i < CROP; i++) {
              assertThat(crop[i]).isEqualTo(whole[i % 1000]);
            }
          } else {
            assertThat(Loudness.rmsDbfs(crop)).isBetween(-9.5, -8.5); // a 0.5-amplitude tone
          }
        }
      }
    }
  }

  @Test
  void resumingFromAPositionGivesTheSameFollowingBatches() throws Exception {
    List<ClipLoader.Batch> all;
    try (ClipLoader loader = new ClipLoader(entries, config(3), ClipLoader.Position.START)) {
      all = drain(loader);
    }
    for (int k : new int[] {1, 3, 7}) {
      ClipLoader.Position saved = all.get(k).next();
      List<ClipLoader.Batch> resumed;
      try (ClipLoader loader = new ClipLoader(entries, config(3), saved)) {
        assertThat(loader.position()).isEqualTo(saved);
        resumed = drain(loader);
      }
      assertThat(resumed).hasSize(all.size() - k - 1);
      for (int i = 0; i < resumed.size(); i++) {
        ClipLoader.Batch expected = all.get(k + 1 + i);
        assertThat(resumed.get(i).entries()).isEqualTo(expected.entries());
        assertThat(resumed.get(i).audio()).isDeepEqualTo(expected.audio());
        assertThat(resumed.get(i).next()).isEqualTo(expected.next());
      }
    }
  }

  @Test
  void defaultDecoderResamplesAndDownmixes() throws Exception {
    // 1 s of 48 kHz stereo: left 300 Hz, right silent.
    Path f = dir.resolve("stereo48k.wav");
    byte[] pcm = new byte[48000 * 4];
    for (int i = 0; i < 48000; i++) {
      short l = (short) Math.round(16000 * Math.sin(2 * Math.PI * 300 * i / 48000.0));
      pcm[4 * i] = (byte) l;
      pcm[4 * i + 1] = (byte) (l >> 8);
    }
    javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(48000, 16, 2, true, false);
    javax.sound.sampled.AudioSystem.write(
        new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), fmt, 48000),
        javax.sound.sampled.AudioFileFormat.Type.WAVE,
        f.toFile());

    float[] mono = ClipLoader.sharedDecoder().decode(f);

    assertThat(mono.length).isBetween(23900, 24100);
    // Left at 16000/32768 averaged with silence: amplitude ~0.244, RMS ~ -15.2 dBFS.
    float[] middle = java.util.Arrays.copyOfRange(mono, 2000, 22000);
    assertThat(Loudness.rmsDbfs(middle)).isBetween(-15.7, -14.7);
  }

  @Test
  void failsClearlyWhenNothingDecodes() throws Exception {
    try (ClipLoader loader =
        new ClipLoader(List.of(CatalogEntry.of(corrupt)), config(0), ClipLoader.Position.START)) {
      assertThatThrownBy(loader::next).hasMessageContaining("no full batch");
    }
  }
}
