package ai.muq.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.muq.cli.Engines;
import ai.muq.model.DjlOps;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.ParamStore;
import ai.muq.model.mulan.MulanModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contrastive MuQ-MuLan training on a tiny model with the real frozen bge-small text encoder. */
@Tag("slow")
class MulanTrainingTest {

  static final int SAMPLES = 9600 * 2;

  @Test
  void contrastiveLossFallsAndAudioToTextRetrievalBeatsChance(@TempDir Path dir) throws Exception {
    Engines.init();
    ModelConfig cfg = ModelConfig.named("tiny");
    MulanModel model = new MulanModel(cfg);
    try (NDManager m = NDManager.newBaseManager(); TextBackbone text = new TextBackbone(TextBackbone.Packaged.BGE_SMALL_EN)) {
      ParamStore store = Models.randomMulan(m, model, 4);
      TrainOptions opts = new TrainOptions(dir, 60, 6, 3e-3f, 5, 0.01f, 1f, 1000, 2, false);
      MulanTraining run = new MulanTraining(opts, m, store, model, text, MulanTraining.Freeze.NONE);
      Map<String, Double> last = run.run(new ToneBatches(21, 6, SAMPLES), new PrintStream(new ByteArrayOutputStream()));
      assertThat(last.get("loss")).isLessThan(Math.log(5) - 0.3); // log(B-1) is the untrained loss at temperature 1
      // Classify held-out clips by their nearest caption among the three.
      List<String> captions = List.of("flute music", "organ music", "bass music");
      Random r = new Random(77);
      int correct = 0;
      int n = 18;
      try (NDManager sub = m.newSubManager()) {
        DjlOps ops = DjlOps.inference(store, sub);
        NDArray[] tb = MulanTraining.textBatch(sub, text, captions);
        NDArray t = model.textEmbedding(ops, tb[0], tb[1]);
        for (int i = 0; i < n; i++) {
          int instrument = i % 3;
          float[] clip = ToneBatches.clip(r, instrument, SAMPLES);
          NDArray a = model.audioEmbedding(ops, sub.create(clip, new ai.djl.ndarray.types.Shape(1, SAMPLES)));
          int best = (int) a.matMul(t.transpose()).argMax(1).getLong(0);
          correct += best == instrument ? 1 : 0;
        }
      }
      assertThat(correct / (double) n).isGreaterThan(0.6); // chance: 1/3
    }
  }
}
