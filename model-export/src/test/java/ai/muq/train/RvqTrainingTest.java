package ai.muq.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.muq.cli.Engines;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MelFrontEnd;
import ai.muq.model.rvq.MelRvq;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow")
class RvqTrainingTest {

  static final int SAMPLES = 960 * 24; // 0.96 s, 24 tokens

  @Test
  void reconstructionFallsClearlyBelowTheMeanVectorBaseline(@TempDir Path dir) throws Exception {
    Engines.init();
    MelRvq rvq = new MelRvq("rvq.", 512, 4, 64, 16);
    MelFrontEnd fe = RvqTraining.frontEnd();
    TrainOptions opts = new TrainOptions(dir, 120, 4, 1e-2f, 5, 0f, 1f, 1000, 1, false);
    try (NDManager m = NDManager.newBaseManager()) {
      ParamStore store = ParamStore.initialized(m, RvqTraining.specs(rvq, fe), 1);
      double[] stats = RvqTraining.measureMelStats(m, store, fe, new ToneBatches(99, 4, SAMPLES), 3);
      assertThat(stats[1]).isGreaterThan(1);
      RvqTraining run = new RvqTraining(opts, m, store, rvq, fe, null, 0);
      run.run(new ToneBatches(1, 4, SAMPLES), new PrintStream(new ByteArrayOutputStream()));
    }
    // Over the last 20 steps, the quantiser's L1 error is well under the mean-vector baseline's.
    List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
    double recon = 0;
    double baseline = 0;
    ObjectMapper json = new ObjectMapper();
    for (String line : lines.subList(lines.size() - 20, lines.size())) {
      Map<?, ?> row = json.readValue(line, Map.class);
      recon += ((Number) row.get("recon_l1")).doubleValue();
      baseline += ((Number) row.get("baseline_l1")).doubleValue();
    }
    assertThat(recon).isLessThan(0.7 * baseline);
    assertThat(dir.resolve("curve-loss.png")).exists();
    assertThat(Files.readAllLines(dir.resolve("metrics.jsonl"))).hasSize(120);
  }
}
