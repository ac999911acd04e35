package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.audio.WavWriter;
import ai.muq.bundle.BundleException;
import ai.muq.bundle.BundleManifest;
import ai.muq.eval.RandomBundles;
import ai.muq.onnx.OnnxOps;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code eval} end to end on a tiny random-init MuQ-MuLan and generated WAVs (sines and noise
 * with made-up tags, labels and captions): every section of the report is produced, and the
 * MFCC baseline separates sines from noise perfectly (a real signal, so a real check).
 */
class EvalCommandTest {

  @TempDir static Path dir;
  static Path bundle;
  static Path manifest;

  @BeforeAll
  static void data() throws Exception {
    bundle = dir.resolve("bundle");
    RandomBundles.export("tiny", BundleManifest.KIND_MUQ_MULAN, 1, OnnxOps.WeightType.FLOAT32, bundle);
    Path audio = Files.createDirectories(dir.resolve("data/audio"));
    List<String> lines = new ArrayList<>();
    Random r = new Random(4);
    int n = 60_000; // 2.5 s: one 10 s clip after wrapping
    for (int i = 0; i < 10; i++) {
      boolean sine = i % 2 == 0;
      boolean high = (i / 2) % 2 == 0;
      float[] x = new float[n];
      double f = high ? 1760 + 20 * i : 220 + 10 * i;
      for (int k = 0; k < n; k++) {
        x[k] = sine ? (float) (0.5 * Math.sin(2 * Math.PI * f * k / 24_000)) : (float) (0.2 * r.nextGaussian());
      }
      String name = "t" + i + ".wav";
      WavWriter.write(audio.resolve(name), x, 24_000);
      String kind = sine ? "sine" : "noise";
      String reg = high ? "high" : "low";
      String split = i < 6 ? "train" : "test";
      lines.add(String.format(
          "{\"path\": \"audio/%s\", \"tags\": [\"%s\", \"%s\"], \"captions\": {\"en\": [\"a %s %s sound number %d\"]},"
              + " \"split\": \"%s\", \"labels\": {\"lead_instrument\": \"%s\", \"register\": \"%s\"}}",
          name, kind, reg, reg, kind, i, split, kind, reg));
    }
    manifest = dir.resolve("data/manifest.jsonl");
    Files.write(manifest, lines);
  }

  @Test
  void writesReportMetricsAndPlotsWithBaselines() throws Exception {
    Path out = dir.resolve("report");
    int code = ModelExportCli.commandLine().execute(
        "eval", "--bundle", bundle.toString(), "--manifest", manifest.toString(),
        "--prompt-template", "{label} music", "--prompt-template", "the sound of {label}",
        "--random-baseline-seed", "7", "--out", out.toString());
    assertThat(code).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.path("tracks").path("train").asInt()).isEqualTo(6);
    assertThat(m.path("tracks").path("test").asInt()).isEqualTo(4);
    assertThat(m.path("baseline").path("name").asText()).contains("random");

    JsonNode lead = null;
    for (JsonNode p : m.path("probes")) {
      if (p.path("label").asText().equals("lead_instrument")) {
        lead = p;
      }
    }
    assertThat(lead).isNotNull();
    assertThat(lead.path("mfcc").asDouble()).isEqualTo(1.0);
    assertThat(lead.path("majority").asDouble()).isEqualTo(0.5);
    assertThat(lead.path("model")).hasSize(3); // tiny: L + 1 = 3 hidden states
    assertThat(lead.path("baseline")).hasSize(3);
    // 4 test tracks: every probe accuracy is a whole number of them
    lead.path("model").forEach(a -> assertThat(a.asDouble() * 4).isCloseTo(Math.rint(a.asDouble() * 4),
        org.assertj.core.data.Offset.offset(1e-9)));

    // zero-shot: per system two templates plus the ensemble; 4 tags all have positives and negatives in test
    assertThat(m.path("zero_shot")).hasSize(6);
    for (JsonNode z : m.path("zero_shot")) {
      assertThat(z.path("tags").asInt()).isEqualTo(4);
      assertThat(z.path("roc_auc").asDouble()).isBetween(0.0, 1.0);
      assertThat(z.path("pr_auc").asDouble()).isBetween(0.0, 1.0);
      // each tag has 2 positives and 2 negatives among 4 test tracks: its ROC-AUC counts 4 pairs, and
      // the macro mean over 4 tags is a whole number of sixteenths
      double auc = z.path("roc_auc").asDouble();
      assertThat(auc * 16).isCloseTo(Math.rint(auc * 16), org.assertj.core.data.Offset.offset(1e-9));
    }
    // retrieval: 4 test tracks, one caption each; with 4 candidates everything is within R@10
    assertThat(m.path("retrieval")).hasSize(4);
    for (JsonNode x : m.path("retrieval")) {
      assertThat(x.path("queries").asInt()).isEqualTo(4);
      assertThat(x.path("r10").asDouble()).isEqualTo(1.0);
      assertThat(x.path("median_rank").asDouble()).isBetween(1.0, 4.0);
    }
    // zero-shot classification: both labels have word values, two classes each in test, per system
    assertThat(m.path("zero_shot_classification")).hasSize(4);
    for (JsonNode z : m.path("zero_shot_classification")) {
      assertThat(z.path("label").asText()).isIn("lead_instrument", "register");
      assertThat(z.path("classes")).hasSize(2);
      assertThat(z.path("tracks").asInt()).isEqualTo(4);
      assertThat(z.path("majority").asDouble()).isEqualTo(0.5);
      double top1 = z.path("top1").asDouble();
      assertThat(top1 * 4).isCloseTo(Math.rint(top1 * 4), org.assertj.core.data.Offset.offset(1e-9));
    }
    String report = Files.readString(out.resolve("report.md"));
    assertThat(report).contains("Linear probing", "Zero-shot tagging", "Zero-shot classification", "Retrieval",
        "probe-lead_instrument.png");
    byte[] png = Files.readAllBytes(out.resolve("probe-lead_instrument.png"));
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void aHeldOutCorpusWithOnlyTestTracksIsStillProbed() throws Exception {
    Path heldOut = dir.resolve("data/heldout.jsonl");
    Files.write(heldOut, Files.readAllLines(manifest).stream()
        .map(l -> l.replace("\"split\": \"train\"", "\"split\": \"test\"")).toList());
    Path out = dir.resolve("report-heldout");
    int code = ModelExportCli.commandLine().execute(
        "eval", "--bundle", bundle.toString(), "--manifest", heldOut.toString(), "--labels", "lead_instrument",
        "--out", out.toString());
    assertThat(code).isZero();
    JsonNode m = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
    assertThat(m.path("tracks").path("test").asInt()).isEqualTo(10);
    // zero-shot uses every held-out track; the probe trains on a hash-chosen part and tests on the rest
    assertThat(m.path("zero_shot").get(0).path("tracks").asInt()).isEqualTo(10);
    JsonNode probe = m.path("probes").get(0);
    assertThat(probe.path("label").asText()).isEqualTo("lead_instrument");
    assertThat(probe.path("train").asInt() + probe.path("test").asInt()).isEqualTo(10);
    assertThat(probe.path("test").asInt()).isPositive();
    assertThat(probe.path("mfcc").asDouble()).isEqualTo(1.0); // a sine and noise: MFCCs separate them
  }

  @Test
  void realMusicFoldersGiveSameTrackRetrievalAndTags() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("real/album"));
    Random r = new Random(9);
    int sr = 24_000;
    // Three 100 s tracks of steady, distinct sounds (the same sound at 0:20 and 1:10) and one 50 s track.
    double[] seconds = {100, 100, 100, 50};
    for (int i = 0; i < seconds.length; i++) {
      float[] x = new float[(int) (seconds[i] * sr)];
      for (int k = 0; k < x.length; k++) {
        x[k] = switch (i) {
          case 0 -> (float) (0.5 * Math.sin(2 * Math.PI * 220 * k / sr));
          case 1 -> (float) (0.2 * r.nextGaussian());
          default -> (float) (0.3 * Math.sin(2 * Math.PI * 3000 * k / sr));
        };
      }
      WavWriter.write(folder.resolve("track" + i + ".wav"), x, sr);
    }
    Path out = dir.resolve("report-real");
    int code = ModelExportCli.commandLine().execute(
        "eval", "--bundle", bundle.toString(), "--real-music", folder.toString(), "--random-baseline-seed", "7",
        "--out", out.toString());
    assertThat(code).isZero();
    JsonNode real = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).path("real_music").get(0);
    assertThat(real.path("tracks").asInt()).isEqualTo(3);
    assertThat(real.path("short_tracks").asInt()).isEqualTo(1);
    assertThat(real.path("query_offset_seconds").asDouble()).isEqualTo(20.0);
    assertThat(real.path("target_offset_seconds").asDouble()).isEqualTo(70.0);
    assertThat(real.path("chance_r1").asDouble()).isCloseTo(1 / 3.0, org.assertj.core.data.Offset.offset(1e-9));
    List<String> systems = new ArrayList<>();
    for (JsonNode f : real.path("retrieval")) {
      systems.add(f.path("system").asText());
      assertThat(f.path("queries").asInt()).isEqualTo(3);
      assertThat(f.path("r5").asDouble()).isEqualTo(1.0); // 3 candidates
      if (f.path("system").asText().equals("mfcc")) {
        assertThat(f.path("r1").asDouble()).isEqualTo(1.0); // steady sounds: the same statistics at both offsets
      }
    }
    assertThat(systems).containsExactly("model", "mfcc", "baseline");
    assertThat(real.path("track_tags")).hasSize(3);
    JsonNode tags = real.path("track_tags").get(0);
    assertThat(tags.path("genres")).hasSize(5);
    assertThat(tags.path("instruments")).hasSize(5);
    assertThat(tags.path("genres").get(0).path("score").asDouble())
        .isGreaterThanOrEqualTo(tags.path("genres").get(1).path("score").asDouble());
    assertThat(real.path("classical_top3").asDouble()).isBetween(0.0, 1.0);
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("Same-track retrieval on real recordings", "0:20", "1:10", "track0.wav");
  }

  @Test
  void evalNeedsAManifestOrARealMusicFolder() {
    StringWriter err = new StringWriter();
    var cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("eval", "--bundle", bundle.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).contains("--real-music").doesNotContain("\n");
  }

  @Test
  void aMissingBundleIsOneReadableLine() {
    StringWriter err = new StringWriter();
    var cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("eval", "--bundle", dir.resolve("nope").toString(), "--manifest", "x.jsonl");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("error: no bundle.json").doesNotContain("\n");
  }

  @Test
  void aBadBundleIsRefusedWithTheServicesLine() throws Exception {
    Path bad = Files.createDirectories(dir.resolve("bad-bundle"));
    try (var files = Files.list(bundle)) {
      for (Path p : files.toList()) {
        Files.copy(p, bad.resolve(p.getFileName()));
      }
    }
    Files.writeString(bad.resolve(BundleManifest.FILE_NAME),
        Files.readString(bad.resolve(BundleManifest.FILE_NAME)).replace("\"format_version\" : 1", "\"format_version\" : 2"));
    StringWriter err = new StringWriter();
    var cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("eval", "--bundle", bad.toString(), "--manifest", manifest.toString(), "--no-baseline");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("error: " + BundleException.refusal(bad, "unsupported format_version 2"));
  }

  @Test
  void aTooLongPromptIsRefusedAsTheServiceRefusesIt() {
    StringWriter err = new StringWriter();
    var cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("eval", "--bundle", bundle.toString(), "--manifest", manifest.toString(), "--no-baseline",
        "--prompt-template", "{label} " + "music ".repeat(700), "--out", dir.resolve("report-long").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip()).matches("error: text has \\d+ tokens, the model accepts at most \\d+");
  }
}
