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

  /**
   * The audio-audio objective alone on a smoke scale: "tracks" are note sequences of one instrument
   * in a register of their own; two crops of the same track come from the two ends of its window.
   * The InfoNCE loss of the untrained network (step 1) falls to under a third by steps 31-40 and
   * crops find their partner far above chance. (A smoke test: such tone tracks are easy, so a
   * random network already pairs some of them.)
   */
  @Test
  void audioContrastiveObjectiveLearnsToPairCropsOfTheSameTrack(@TempDir Path dir) throws Exception {
    Engines.init();
    ModelConfig cfg = ModelConfig.named("tiny");
    MulanModel model = new MulanModel(cfg);
    int tracks = 6;
    try (NDManager m = NDManager.newBaseManager(); TextBackbone text = new TextBackbone(TextBackbone.Packaged.BGE_SMALL_EN)) {
      ParamStore store = Models.randomMulan(m, model, 4);
      TrainOptions opts = new TrainOptions(dir, 40, 4, 3e-3f, 5, 0.01f, 1f, 1000, 2, false);
      List<Double> nce = new java.util.ArrayList<>();
      List<Double> acc = new java.util.ArrayList<>();
      MulanTraining run = new MulanTraining(opts, m, store, model, text, MulanTraining.Freeze.NONE)
          .audioContrastive(new MulanTraining.AudioContrastive(1.0, 0.1));
      BatchSource windows = new ToneTracks(tracks, SAMPLES * 5 / 2);
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      run.run(new WindowedBatches(new ToneBatches(21, 4, SAMPLES), windows), quiet);
      for (String line : java.nio.file.Files.readAllLines(dir.resolve("metrics.jsonl"))) {
        var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
        nce.add(node.path("audio_nce").asDouble());
        acc.add(node.path("audio_pair_acc").asDouble());
      }
      assertThat(nce).hasSize(40);
      // Step 1's loss is the untrained network's (ln 6 = 1.79 would be no information at all).
      double untrained = nce.getFirst();
      double last = nce.subList(30, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      double lastAcc = acc.subList(30, 40).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertThat(untrained).isGreaterThan(1.0);
      assertThat(last).isLessThan(untrained / 3);
      assertThat(lastAcc).isGreaterThan(0.8); // chance: 1/6
    }
  }

  /** Windows of tone "tracks": each its own instrument and register, fresh notes every batch. */
  private static final class ToneTracks implements BatchSource {
    private final int tracks;
    private final int samples;
    private long index;

    ToneTracks(int tracks, int samples) {
      this.tracks = tracks;
      this.samples = samples;
    }

    @Override
    public Batch next() {
      Random r = new Random(991 + index++);
      float[][] w = new float[tracks][];
      for (int t = 0; t < tracks; t++) {
        // Track t: instrument t % 3, register t / 3 (two octaves apart).
        float[] low = ToneBatches.clip(r, t % 3, samples);
        w[t] = t / 3 == 0 ? low : ToneBatches.clip(r, t % 3, samples * 4);
        if (t / 3 == 1) {
          float[] up = new float[samples];
          for (int i = 0; i < samples; i++) {
            up[i] = w[t][i * 4]; // four times faster: two octaves up, the same timbre
          }
          w[t] = up;
        }
      }
      return new Batch(w, List.of());
    }

    @Override
    public String position() {
      return Long.toString(index);
    }

    @Override
    public void seek(String position) {
      index = Long.parseLong(position);
    }
  }
}
