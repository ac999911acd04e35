package ai.muq.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import ai.muq.cli.ModelExportCli;
import ai.muq.model.TestSignals;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code export --bundle}: a bundle's weights read back from its graphs re-export to the same
 * initializers, and with {@code --stft fft} (the CPU default) to graphs that compute the same
 * hidden states and embedding within 1e-4.
 */
class ExportBundleTest {

  @Test
  void reexportKeepsTheWeightsAndSwitchesTheFrontEnd(@TempDir Path dir) throws Exception {
    Path conv = dir.resolve("conv");
    Path again = dir.resolve("again");
    Path fft = dir.resolve("fft");
    assertThat(run("export", "--random-init", "--config", "tiny", "--precision", "fp16", "--target", "cuda",
        "--out", conv.toString())).isZero();
    assertThat(run("export", "--bundle", conv.toString(), "--stft", "conv", "--out", again.toString())).isZero();
    assertThat(run("export", "--bundle", conv.toString(), "--out", fft.toString())).isZero();

    BundleManifest source = BundleManifest.read(conv);
    BundleManifest reexported = BundleManifest.read(fft);
    assertThat(source.stftFrontEnd()).isEqualTo("conv");
    assertThat(reexported.stftFrontEnd()).isEqualTo("fft");
    assertThat(reexported.producer()).containsEntry("weights", "float16");
    assertThat(reexported.temperature()).isCloseTo(source.temperature(), org.assertj.core.data.Offset.offset(1e-5));
    for (String graph : BundleExporter.mulanFiles()) {
      assertThat(initializers(again.resolve(graph))).as(graph).isEqualTo(initializers(conv.resolve(graph)));
    }

    float[] music = TestSignals.renderedMusic(BundleExporter.CLIP_SAMPLES);
    for (String graph : new String[] {BundleExporter.MUQ_ENCODER_FILE, BundleExporter.MULAN_AUDIO_FILE}) {
      try (OrtRunner a = new OrtRunner(conv.resolve(graph)); OrtRunner b = new OrtRunner(fft.resolve(graph))) {
        Set<String> outs = new java.util.LinkedHashSet<>(a.session().getOutputNames());
        Map<String, float[]> ra;
        Map<String, float[]> rb;
        try (OnnxTensor in = a.floats(music, 1, music.length)) {
          ra = a.run(Map.of("waveform", in), outs);
        }
        try (OnnxTensor in = b.floats(music, 1, music.length)) {
          rb = b.run(Map.of("waveform", in), outs);
        }
        for (String o : outs) {
          OnnxParityTest.assertClose(graph + " " + o, rb.get(o), ra.get(o));
        }
      }
    }
  }

  @Test
  void aBadFrontEndIsOneReadableLine(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("export", "--random-init", "--config", "tiny", "--stft", "dft", "--out", dir.toString()))
        .isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("error: --stft must be conv or fft, not 'dft'");
  }

  private static Map<String, com.google.protobuf.ByteString> initializers(Path file) throws Exception {
    Map<String, com.google.protobuf.ByteString> out = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (OnnxMl.TensorProto t : OnnxMl.ModelProto.parseFrom(in).getGraph().getInitializerList()) {
        out.put(t.getName(), t.toByteString());
      }
    }
    return out;
  }

  private static int run(String... args) {
    return ModelExportCli.commandLine().execute(args);
  }
}
