package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import ai.muq.data.SoundfontAvailable;
import ai.muq.onnx.OrtRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The training commands chain from a rendered corpus to a bundle the service can load. */
@Tag("slow")
class TrainingCommandsTest {

  private static int run(String... args) {
    return ModelExportCli.commandLine().execute(args);
  }

  @Test
  void synthTrainRvqPretrainTrainMulanExport(@TempDir Path dir) throws Exception {
    SoundfontAvailable.file();
    String corpus = dir.resolve("corpus").toString();
    String manifest = dir.resolve("corpus/manifest.jsonl").toString();
    String common = "--batch-size 2 --seconds 1.2 --split all --checkpoint-every 2";
    assertThat(run("synth", "--out", corpus, "--clips", "4", "--seed", "5", "--seconds", "2")).isZero();
    assertThat(run(("train-rvq --data " + manifest + " --out " + dir.resolve("rvq") + " --steps 2 --stat-batches 1 --stages 2 --codebook-size 64 " + common).split(" "))).isZero();
    assertThat(run(("pretrain --rvq " + dir.resolve("rvq") + " --config tiny --data " + manifest + " --out " + dir.resolve("muq") + " --steps 2 " + common).split(" "))).isZero();
    assertThat(run(("train-mulan --muq " + dir.resolve("muq") + " --data " + manifest + " --out " + dir.resolve("mulan") + " --steps 2 --freeze audio-muq " + common).split(" "))).isZero();
    // The audio-audio objective through the CLI, in two stages (--until, then --resume).
    String real = "train-mulan --muq " + dir.resolve("muq") + " --data " + manifest + " --out " + dir.resolve("mulan-real")
        + " --steps 2 --real-music " + dir.resolve("corpus/audio") + " --audio-contrastive-span 2 --real-batch-size 2 " + common;
    assertThat(run((real + " --until 1").split(" "))).isZero();
    assertThat(run((real + " --resume").split(" "))).isZero();
    List<String> metrics = Files.readAllLines(dir.resolve("mulan-real/metrics.jsonl"));
    assertThat(metrics).hasSize(2).allSatisfy(l -> assertThat(l).contains("\"audio_nce\"", "\"audio_pair_acc\""));
    Path bundle = dir.resolve("bundle");
    assertThat(run("export", "--checkpoint", dir.resolve("mulan").toString(), "--out", bundle.toString())).isZero();
    BundleManifest m = BundleManifest.read(bundle);
    m.verify(bundle);
    assertThat(m.kind()).isEqualTo(BundleManifest.KIND_MUQ_MULAN);
    try (OrtRunner ort = new OrtRunner(bundle.resolve("mulan-audio.onnx"))) {
      assertThat(ort.session().getOutputNames()).contains("embedding");
    }
    assertThat(dir.resolve("muq/curve-masked_acc.png")).exists();

    // bench: the sweeps measure the trained audio tower; another benchmark's figures are gathered in
    Path service = Files.writeString(dir.resolve("service-bench.json"),
        "{\"title\": \"Service (test figures)\", \"machine\": \"here\", \"columns\": [\"workload\", \"req/s\"],"
            + " \"rows\": [[\"text\", 12.5]], \"notes\": [\"resident memory 500 MiB\"]}");
    Path work = dir.resolve("bench-work");
    Path report = dir.resolve("bench.md");
    assertThat(run("bench", "--configs", "tiny", "--batch-sizes", "1", "--clip-seconds", "1", "--repeats", "1",
        "--warmup", "0", "--matmul-size", "128", "--checkpoint", dir.resolve("mulan").toString(),
        "--include", service.toString(), "--work-dir", work.toString(), "--out", report.toString())).isZero();
    assertThat(BundleManifest.read(work.resolve("tiny-fp32")).name()).isEqualTo("trained-tiny");
    assertThat(BundleManifest.read(work.resolve("tiny-fp16")).name()).isEqualTo("trained-tiny");
    assertThat(Files.readString(report)).contains("## Service (test figures)", "| text | 12.5 |",
        "resident memory 500 MiB", "--checkpoint");
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertThat(json.path("included").get(0).path("title").asText()).isEqualTo("Service (test figures)");
    assertThat(json.path("precision")).hasSize(4);
  }

  @Test
  void userErrorsAreOneLineAndNonZero() {
    StringWriter err = new StringWriter();
    CommandLine cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("export", "--out", "/tmp/x")).isEqualTo(1);
    assertThat(err.toString().strip()).startsWith("error: ").doesNotContain("\n");
    StringWriter err2 = new StringWriter();
    CommandLine cl2 = ModelExportCli.commandLine();
    cl2.setErr(new PrintWriter(err2));
    assertThat(cl2.execute("pretrain", "--rvq", "/nonexistent", "--data", "/nonexistent", "--out", "/tmp/y")).isEqualTo(1);
    assertThat(err2.toString().strip()).startsWith("error: ").doesNotContain("\n");
  }
}
