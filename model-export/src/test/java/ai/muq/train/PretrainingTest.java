package ai.muq.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.muq.cli.Engines;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.rvq.MelRvq;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MuQ masked token prediction on a tiny model: it learns, and a resumed run is exact. */
@Tag("slow")
class PretrainingTest {

  static final int SAMPLES = 9600 * 2; // 0.8 s: two masking spans, 20 tokens
  static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @TempDir static Path dir;
  static Path rvqRun;

  @BeforeAll
  static void trainTokenizer() throws Exception {
    Engines.init();
    rvqRun = dir.resolve("rvq");
    MelRvq rvq = new MelRvq("rvq.", 512, 2, 64, 16);
    try (NDManager m = NDManager.newBaseManager()) {
      ParamStore store = Runs.melRvqStore(m, rvq, 1);
      RvqTraining.measureMelStats(m, store, RvqTraining.frontEnd(), new ToneBatches(99, 4, SAMPLES), 2);
      new RvqTraining(new TrainOptions(rvqRun, 40, 4, 1e-2f, 5, 0f, 1f, 1000, 1, false), m, store, rvq, RvqTraining.frontEnd(), null, 0)
          .run(new ToneBatches(5, 4, SAMPLES), QUIET);
    }
  }

  private static List<Double> losses(Path run, String metric) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<Double> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      out.add(((Number) json.readValue(line, Map.class).get(metric)).doubleValue());
    }
    return out;
  }

  private static void pretrain(Path out, long steps, boolean resume, BatchSource data) throws Exception {
    pretrain(out, steps, steps, resume, data);
  }

  private static void pretrain(Path out, long steps, long until, boolean resume, BatchSource data) throws Exception {
    ModelConfig cfg = ModelConfig.named("tiny");
    MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
    TrainOptions opts = new TrainOptions(out, steps, 4, 3e-3f, 5, 0.01f, 1f, 5, 3, resume, until);
    try (NDManager m = NDManager.newBaseManager()) {
      ParamStore store = Runs.pretrainStore(m, model, rvqRun, 3);
      new MaskedPretraining(opts, m, store, model, Runs.tokenizer(opts, m, store, rvqRun))
          .info("config", cfg.toMap())
          .run(data, QUIET);
    }
  }

  @Test
  void maskedTokenAccuracyRisesWellAboveChance() throws Exception {
    Path run = dir.resolve("learn");
    pretrain(run, 60, false, new ToneBatches(7, 4, SAMPLES));
    List<Double> acc = losses(run, "masked_acc");
    List<Double> loss = losses(run, "loss");
    double lastAcc = acc.subList(40, 60).stream().mapToDouble(d -> d).average().orElseThrow();
    double firstLoss = loss.subList(0, 5).stream().mapToDouble(d -> d).average().orElseThrow();
    double lastLoss = loss.subList(40, 60).stream().mapToDouble(d -> d).average().orElseThrow();
    // Chance is 1 in 64 codes; a model that learnt nothing stays near it.
    assertThat(lastAcc).isGreaterThan(4.0 / 64);
    assertThat(lastLoss).isLessThan(firstLoss - 0.5);
  }

  @Test
  void anInterruptedAndResumedRunReproducesTheUninterruptedLosses() throws Exception {
    assertResumeIsExact(dir.resolve("resume"), 11);
  }

  @Test
  void trainingJobsRunOneAfterAnotherInOneJvmStayDeterministicAndResumeExactly() throws Exception {
    // Another job first (other data, other length), then the same job twice: a kernel whose result
    // depends on what ran before in the process shows up as a difference between the two.
    pretrain(dir.resolve("jvm/other"), 7, false, new ToneBatches(3, 4, SAMPLES));
    pretrain(dir.resolve("jvm/first"), 8, false, new ToneBatches(13, 4, SAMPLES));
    pretrain(dir.resolve("jvm/again"), 8, false, new ToneBatches(13, 4, SAMPLES));
    assertThat(losses(dir.resolve("jvm/again"), "loss")).isEqualTo(losses(dir.resolve("jvm/first"), "loss"));
    assertThat(losses(dir.resolve("jvm/again"), "grad_norm")).isEqualTo(losses(dir.resolve("jvm/first"), "grad_norm"));
    assertResumeIsExact(dir.resolve("jvm/resume"), 13);
  }

  @Test
  void aRunInTwoStagesReproducesTheUninterruptedLosses() throws Exception {
    Path whole = dir.resolve("stages/whole");
    pretrain(whole, 14, false, new ToneBatches(17, 4, SAMPLES));
    Path staged = dir.resolve("stages/staged");
    pretrain(staged, 14, 7, false, new ToneBatches(17, 4, SAMPLES));
    assertThat(losses(staged, "loss")).hasSize(7);
    pretrain(staged, 14, 14, true, new ToneBatches(17, 4, SAMPLES));
    List<Double> a = losses(whole, "loss");
    List<Double> b = losses(staged, "loss");
    assertThat(b).hasSize(14);
    for (int i = 0; i < 14; i++) {
      assertThat(b.get(i)).as("loss at step %d", i + 1).isCloseTo(a.get(i), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(a.get(i))));
    }
  }

  @Test
  void trainingRunsWithoutOneDnn() throws Exception {
    pretrain(dir.resolve("onednn"), 1, false, new ToneBatches(5, 4, SAMPLES));
    assertThat(TorchDeterminism.oneDnnEnabled()).as("libtorch's oneDNN switch after a training run").isFalse();
  }

  /** An uninterrupted run and one killed after 12 batches, then resumed, log the same losses. */
  private static void assertResumeIsExact(Path base, long dataSeed) throws Exception {
    Path whole = base.resolve("whole");
    pretrain(whole, 14, false, new ToneBatches(dataSeed, 4, SAMPLES));
    Path cut = base.resolve("cut");
    // The first attempt dies after 12 batches; its last checkpoint is at step 10.
    assertThatThrownBy(() -> pretrain(cut, 14, false, new FailingAfter(new ToneBatches(dataSeed, 4, SAMPLES), 12)))
        .hasMessageContaining("simulated crash");
    pretrain(cut, 14, true, new ToneBatches(dataSeed, 4, SAMPLES));
    List<Double> a = losses(whole, "loss");
    List<Double> b = losses(cut, "loss");
    assertThat(b).hasSize(14);
    for (int i = 0; i < 14; i++) {
      assertThat(b.get(i)).as("loss at step %d", i + 1).isCloseTo(a.get(i), org.assertj.core.data.Offset.offset(1e-6 * Math.abs(a.get(i))));
    }
  }

  /** A data source that fails like a killed process after n batches. */
  static final class FailingAfter implements BatchSource {
    private final BatchSource inner;
    private final int n;
    private int count;

    FailingAfter(BatchSource inner, int n) {
      this.inner = inner;
      this.n = n;
    }

    @Override
    public Batch next() throws IOException {
      if (count++ >= n) {
        throw new IOException("simulated crash");
      }
      return inner.next();
    }

    @Override
    public String position() {
      return inner.position();
    }

    @Override
    public void seek(String position) throws IOException {
      inner.seek(position);
    }
  }
}
