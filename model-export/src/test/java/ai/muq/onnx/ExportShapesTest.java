package ai.muq.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.muq.cli.Engines;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.TestSignals;
import ai.muq.model.mulan.MulanModel;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shapes of exported graphs of a larger configuration, and the operator set of every graph. */
class ExportShapesTest {

  @Test
  void smallExportsAndRunsWithTheDocumentedShapes(@TempDir Path dir) throws Exception {
    Engines.init();
    ModelConfig cfg = ModelConfig.named("small");
    MulanModel model = new MulanModel(cfg);
    try (NDManager manager = NDManager.newBaseManager()) {
      ParamStore store = Models.randomMulan(manager, model, 5);
      BundleExporter exporter = new BundleExporter();
      for (OnnxMl.ModelProto g :
          new OnnxMl.ModelProto[] {
            exporter.muqEncoderGraph(store, model.audioMuq()),
            exporter.mulanAudioGraph(store, model),
            exporter.mulanTextGraph(store, model)
          }) {
        assertThat(CudaOperators.unsupported(g)).as(g.getGraph().getName()).isEmpty();
        assertThat(g.getOpsetImport(0).getVersion()).isGreaterThanOrEqualTo(17);
      }
      exporter.exportMulan(store, model, "shapes", BundleExporter.TextBackbone.bgeSmallEn(), dir);
    }
    assertThat(Files.size(dir.resolve(BundleExporter.MUQ_ENCODER_FILE))).isGreaterThan(1_000_000);
    float[] wave = TestSignals.noise(3 * 24_000, 1, 0.1f);
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      assertThat(ort.session().getOutputNames()).hasSize(cfg.muq().layers() + 1);
      try (OnnxTensor in = ort.floats(wave, 1, wave.length)) {
        float[] h = ort.run(Map.of("waveform", in), Set.of("hidden_state_4")).get("hidden_state_4");
        assertThat(h).hasSize(75 * cfg.muq().dim()); // 3 s at 25 Hz
      }
    }
    try (OrtRunner ort = new OrtRunner(dir.resolve(BundleExporter.MULAN_AUDIO_FILE))) {
      float[] clip = TestSignals.noise(BundleExporter.CLIP_SAMPLES, 2, 0.1f);
      try (OnnxTensor in = ort.floats(clip, 1, clip.length)) {
        assertThat(ort.run(Map.of("waveform", in), Set.of("embedding")).get("embedding")).hasSize(512);
      }
    }
  }
}
