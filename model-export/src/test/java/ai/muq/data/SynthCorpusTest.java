package ai.muq.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCorpusTest {

  private static final double[] RATIOS = {0.5, 0.25, 0.25};
  private static Path first;
  private static Path second;
  private static String progress;

  @BeforeAll
  static void renderTwice(@TempDir Path tmp) throws Exception {
    SynthCorpus corpus = new SynthCorpus(SoundfontAvailable.soundbank());
    first = tmp.resolve("a");
    second = tmp.resolve("b");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    corpus.render(
        new SynthCorpus.Options(first, 4, 7, 2.0, RATIOS, 2), new PrintStream(err, true, StandardCharsets.UTF_8));
    progress = err.toString(StandardCharsets.UTF_8);
    // Another thread count must not change a byte.
    corpus.render(new SynthCorpus.Options(second, 4, 7, 2.0, RATIOS, 1), null);
  }

  @Test
  void sameSeedGivesByteIdenticalCorpus() throws Exception {
    assertThat(Files.readAllBytes(first.resolve("manifest.jsonl")))
        .isEqualTo(Files.readAllBytes(second.resolve("manifest.jsonl")));
    for (int i = 0; i < 4; i++) {
      String wav = String.format("audio/%06d.wav", i);
      assertThat(Files.readAllBytes(first.resolve(wav))).isEqualTo(Files.readAllBytes(second.resolve(wav)));
    }
    assertThat(progress).contains("4/4").contains("clips/s").contains("ETA");
  }

  @Test
  void manifestDescribesAudibleLabelledClips() throws Exception {
    List<JsonNode> lines = manifest(first);
    assertThat(lines).hasSize(4);
    List<String> splits = new ArrayList<>();
    for (JsonNode line : lines) {
      Path wav = first.resolve(line.get("path").asText());
      AudioFormat format;
      float[] samples;
      try (AudioInputStream in = AudioSystem.getAudioInputStream(wav.toFile())) {
        format = in.getFormat();
        byte[] b = in.readAllBytes();
        samples = new float[b.length / 2];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (short) ((b[2 * i] & 0xFF) | (b[2 * i + 1] << 8)) / 32768f;
        }
      }
      assertThat(format.getSampleRate()).isEqualTo(24000f);
      assertThat(format.getChannels()).isEqualTo(1);
      assertThat(format.getSampleSizeInBits()).isEqualTo(16);
      assertThat(samples).hasSize(48000);
      assertThat(line.get("duration").asDouble()).isEqualTo(2.0);

      JsonNode labels = line.get("labels");
      // Loudness labels are measurements of the file as written, and it is clearly not silent.
      assertThat(labels.get("rms_dbfs").asDouble()).isCloseTo(Loudness.rmsDbfs(samples), within(0.01));
      assertThat(labels.get("loudness_lufs").asDouble())
          .isCloseTo(Loudness.integratedLufs(samples, 24000), within(0.01));
      assertThat(labels.get("rms_dbfs").asDouble()).isGreaterThan(-45);
      assertThat(labels.get("peak_dbfs").asDouble()).isBetween(-12.1, -0.9);
      assertThat(labels.get("part_levels_lu").get("lead").asDouble()).isZero();
      labels.get("part_levels_lu").properties().forEach(
          part -> assertThat(part.getValue().asDouble()).as(part.getKey()).isBetween(-10.0, 0.0));

      // The labels are those of the composition the clip's seed gives.
      Composition c = new Composer().compose(line.get("seed").asLong(), 2.0);
      assertThat(labels.get("style").asText()).isEqualTo(c.style().label());
      assertThat(labels.get("tempo_bpm").asInt()).isEqualTo(c.bpm());
      assertThat(labels.get("key").asText()).isEqualTo(c.key());
      assertThat(labels.get("mode").asText()).isEqualTo(c.mode().label());
      assertThat(labels.get("lead_instrument").asText()).isEqualTo(c.lead().label());
      assertThat(labels.get("lead_family").asText()).isEqualTo(c.lead().family().label());
      assertThat(labels.get("drums").asBoolean()).isEqualTo(c.hasDrums());
      List<String> families = new ArrayList<>();
      labels.get("families").forEach(f -> families.add(f.asText()));
      assertThat(families).containsExactlyElementsOf(c.families());
      assertThat(families.contains("drums")).isEqualTo(c.hasDrums());

      List<String> tags = new ArrayList<>();
      line.get("tags").forEach(t -> tags.add(t.asText()));
      assertThat(tags)
          .contains(c.style().label(), c.lead().label(), c.mode().label(), c.tempoBucket())
          .containsAll(c.families())
          .containsAll(c.moods());

      JsonNode captions = line.get("captions");
      assertThat(captions.get("en")).hasSize(Captions.PER_LANGUAGE);
      assertThat(captions.get("zh")).hasSize(Captions.PER_LANGUAGE);
      captions.get("en").forEach(s -> assertThat(s.asText()).isNotBlank().matches("[\\x20-\\x7E]+"));
      captions.get("zh").forEach(s -> assertThat(s.asText()).containsPattern("\\p{IsHan}{4,}"));
      assertThat(captions.get("en").get(0).asText()).isNotEqualTo(captions.get("en").get(1).asText());
      splits.add(line.get("split").asText());
    }
    assertThat(splits).containsExactlyInAnyOrder("train", "train", "valid", "test");
  }

  @Test
  void manifestRoundTripsThroughCatalog() throws Exception {
    List<JsonNode> lines = manifest(first);
    List<CatalogEntry> entries = Catalog.read(first.resolve("manifest.jsonl"));
    assertThat(entries).hasSize(lines.size());
    for (int i = 0; i < entries.size(); i++) {
      CatalogEntry e = entries.get(i);
      JsonNode line = lines.get(i);
      assertThat(e.audio()).isEqualTo(first.resolve(line.get("path").asText()).toAbsolutePath());
      assertThat(e.audio()).isRegularFile();
      assertThat(e.split()).isEqualTo(line.get("split").asText());
      assertThat(e.tags()).hasSize(line.get("tags").size());
      assertThat(e.captions().get("zh").get(0)).isEqualTo(line.get("captions").get("zh").get(0).asText());
      assertThat(e.labels().get("style")).isEqualTo(line.get("labels").get("style").asText());
      assertThat(e.labels().get("tempo_bpm")).isEqualTo(line.get("labels").get("tempo_bpm").asInt());
      assertThat(((Number) e.labels().get("seed")).longValue()).isEqualTo(line.get("seed").asLong());
    }
  }

  @Test
  void mixIsTheSumOfStemsAtTheReportedLevelsWithTheLeadLoudest() throws Exception {
    GervillRenderer renderer = new GervillRenderer(SoundfontAvailable.soundbank(), 24000);
    Composer composer = new Composer();
    for (MusicStyle style : MusicStyle.values()) {
      Composition c = composer.compose(style, 11, 2.0);
      SynthCorpus.Mix mix = SynthCorpus.mix(renderer, c, 2.0, new java.util.SplittableRandom(5));

      java.util.Map<String, Integer> channels = new java.util.LinkedHashMap<>();
      channels.put("accompaniment", Composer.CHORDS);
      c.bass().ifPresent(b -> channels.put("bass", Composer.BASS));
      if (c.hasDrums()) {
        channels.put("drums", Composer.DRUMS);
      }
      assertThat(mix.levels().keySet()).containsExactly(
          java.util.stream.Stream.concat(java.util.stream.Stream.of("lead"), channels.keySet().stream())
              .toArray(String[]::new));
      assertThat(mix.levels().get("lead")).isZero();
      assertThat(mix.levels().get("accompaniment")).isBetween(-9.0, -5.0);
      if (c.bass().isPresent()) {
        assertThat(mix.levels().get("bass")).isBetween(-10.0, -6.0);
      }
      if (c.hasDrums()) {
        assertThat(mix.levels().get("drums")).isBetween(-7.0, -3.0);
      }

      float[] lead = renderer.renderChannel(c.sequence(), 2.0, Composer.LEAD);
      double leadLufs = Loudness.integratedLufs(lead, 24000);
      float[] residual = mix.audio().clone();
      for (int i = 0; i < residual.length; i++) {
        residual[i] -= lead[i];
      }
      for (var part : channels.entrySet()) {
        float[] stem = renderer.renderChannel(c.sequence(), 2.0, part.getValue());
        double gainDb = leadLufs + mix.levels().get(part.getKey()) - Loudness.integratedLufs(stem, 24000);
        float gain = (float) Math.pow(10, gainDb / 20);
        float[] scaled = new float[stem.length];
        for (int i = 0; i < stem.length; i++) {
          scaled[i] = gain * stem[i];
          residual[i] -= scaled[i];
        }
        assertThat(Loudness.integratedLufs(scaled, 24000)).isLessThan(leadLufs - 2.9);
      }
      assertThat(Loudness.rmsDbfs(residual)).isLessThan(Loudness.rmsDbfs(mix.audio()) - 40);
    }
  }

  private static List<JsonNode> manifest(Path dir) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(dir.resolve("manifest.jsonl"))) {
      out.add(json.readTree(l));
    }
    return out;
  }
}
