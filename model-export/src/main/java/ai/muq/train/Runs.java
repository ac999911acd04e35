package ai.muq.train;

import ai.djl.ndarray.NDManager;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MelFrontEnd;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import ai.muq.model.rvq.MelRvq;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the models of each training command from earlier runs' checkpoints, so that the commands
 * chain: train-rvq, pretrain (on its codes), iterate (RVQ on a MuQ layer, new MuQ), train-mulan
 * (audio tower from a MuQ), export.
 */
public final class Runs {

  /** Prefix of a teacher MuQ's parameters when an RVQ quantises its features. */
  public static final String TEACHER_PREFIX = "teacher.model.";

  private Runs() {}

  public static Path checkpoint(Path runDir) throws IOException {
    Path ckpt = runDir.resolve("checkpoint");
    if (!Files.isRegularFile(ckpt.resolve(TrainCheckpoint.STATE))) {
      throw new IOException("no finished checkpoint in " + runDir + " (expected " + ckpt.resolve(TrainCheckpoint.STATE) + ")");
    }
    return ckpt;
  }

  /**
   * Fills every parameter of {@code store} from a run's checkpoint (the checkpoint may hold more).
   *
   * @throws IllegalArgumentException when the checkpoint lacks some of them
   */
  public static ParamStore loadAll(Path runDir, ParamStore store) throws IOException {
    java.util.Set<String> missing = TrainCheckpoint.loadParams(checkpoint(runDir), store, true);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "checkpoint lacks " + missing.iterator().next() + " (and " + (missing.size() - 1) + " more)");
    }
    return store;
  }

  public static TrainCheckpoint.State state(Path runDir, String expectedKind) throws IOException {
    TrainCheckpoint.State s = TrainCheckpoint.readState(checkpoint(runDir));
    if (expectedKind != null && !expectedKind.equals(s.kind())) {
      throw new IOException(runDir + " holds a " + s.kind() + " run, not " + expectedKind);
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  public static ModelConfig config(TrainCheckpoint.State s) {
    Object c = s.extra() == null ? null : s.extra().get("config");
    if (!(c instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("checkpoint state has no model configuration");
    }
    return ModelConfig.fromMap((Map<String, Object>) m);
  }

  @SuppressWarnings("unchecked")
  public static MelRvq rvq(TrainCheckpoint.State s) {
    Map<String, Object> r = (Map<String, Object>) s.extra().get("rvq");
    return new MelRvq("rvq.", ((Number) r.get("input_dim")).intValue(), ((Number) r.get("stages")).intValue(),
        ((Number) r.get("codebook_size")).intValue(), ((Number) r.get("codebook_dim")).intValue());
  }

  /** Copies tensors whose names start with {@code from} into the store under {@code to}. */
  public static int copyRenamed(Path runDir, ParamStore store, String from, String to, List<String> skipPrefixes) throws IOException {
    int n = 0;
    for (Map.Entry<String, SafetensorsFile.Tensor> e : TrainCheckpoint.tensors(checkpoint(runDir)).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(from) || skipPrefixes.stream().anyMatch(name::startsWith)) {
        continue;
      }
      store.set(to + name.substring(from.length()), e.getValue().data());
      n++;
    }
    return n;
  }

  /** A MuQ model whose parameters are loaded from a pretrain run, under {@code prefix}. */
  public static List<ParamSpec> teacherSpecs(ModelConfig cfg) {
    return new MuqModel(TEACHER_PREFIX, cfg.muq()).encoderParams();
  }

  /** The store of an RVQ run over mel: RVQ + front-end statistics. */
  public static ParamStore melRvqStore(NDManager m, MelRvq rvq, long seed) {
    return ParamStore.initialized(m, RvqTraining.specs(rvq, RvqTraining.frontEnd()), seed);
  }

  /**
   * The store of a pre-training run: the student MuQ, the RVQ of {@code rvqRun} and, when that RVQ
   * quantises a teacher's layer, the teacher; loaded from the RVQ run.
   */
  public static ParamStore pretrainStore(NDManager m, MuqModel student, Path rvqRun, long seed) throws IOException {
    TrainCheckpoint.State rs = state(rvqRun, RvqTraining.KIND);
    MelRvq rvq = rvq(rs);
    List<ParamSpec> specs = new ArrayList<>(student.params());
    specs.addAll(rvq.params());
    boolean teacher = !"mel".equals(rs.extra().get("features"));
    if (teacher) {
      specs.addAll(teacherSpecs(config(rs)));
    }
    ParamStore store = ParamStore.initialized(m, specs, seed);
    TrainCheckpoint.loadParams(checkpoint(rvqRun), store, false);
    if (teacher) {
      // The student normalises its mel as the teacher did.
      MelFrontEnd t = new MuqModel(TEACHER_PREFIX, config(rs).muq()).frontEnd();
      store.set(student.frontEnd().meanName(), store.floats(t.meanName()));
      store.set(student.frontEnd().stdName(), store.floats(t.stdName()));
    }
    return store;
  }

  /** The RVQ "tokenizer" view of a pre-training store. */
  public static RvqTraining tokenizer(TrainOptions options, NDManager m, ParamStore store, Path rvqRun) throws IOException {
    TrainCheckpoint.State rs = state(rvqRun, RvqTraining.KIND);
    String features = String.valueOf(rs.extra().get("features"));
    if (features.equals("mel")) {
      return new RvqTraining(options, m, store, rvq(rs), RvqTraining.frontEnd(), null, 0);
    }
    int layer = Integer.parseInt(features.substring("muq_layer_".length()));
    return new RvqTraining(options, m, store, rvq(rs), null, new MuqModel(TEACHER_PREFIX, config(rs).muq()), layer);
  }

  /** MuQ-MuLan store with its audio MuQ taken from a pretrain run (prediction head left out). */
  public static ParamStore mulanStore(NDManager m, MulanModel model, Path muqRun, long seed) throws IOException {
    ParamStore store = ai.muq.model.Models.randomMulan(m, model, seed);
    int n = copyRenamed(muqRun, store, MuqModel.RELEASED_PREFIX, MulanModel.PREFIX + "audio.model.model.",
        List.of(MuqModel.RELEASED_PREFIX + "linear."));
    if (n == 0) {
      throw new IOException("no MuQ parameters in " + muqRun);
    }
    return store;
  }
}
