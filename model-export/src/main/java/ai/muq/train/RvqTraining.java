package ai.muq.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.muq.model.DjlOps;
import ai.muq.model.ModelConfig;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MelFrontEnd;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.rvq.MelRvq;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code train-rvq}: trains the Mel-RVQ on normalised log-mel tokens (or on one layer of a trained
 * MuQ, for iterative training). The mel statistics of the data are measured first and stored with
 * the RVQ, since MuQ's front-end normalises with them too.
 *
 * <p>Metrics: {@code recon_l1} and {@code baseline_l1}, the L1 error of predicting every vector by
 * the batch mean, the floor any useful tokenizer must beat.
 */
public final class RvqTraining extends TrainingRun {

  public static final String KIND = "train-rvq";
  /** Steps a codeword may go unused before it is re-seeded. */
  public static final int DEAD_AFTER_STEPS = 50;

  private final MelRvq rvq;
  private final MelFrontEnd frontEnd;
  private final MuqModel teacher;
  private final int teacherLayer;
  private final int[][] lastUsed;
  private List<NDArray> lastLatents = List.of();
  private float[] lastMean;
  private final List<String> trainable;

  /**
   * @param teacher null for mel features; else a trained MuQ whose layer {@code teacherLayer} is
   *     quantised, with its parameters in {@code store}
   */
  public RvqTraining(TrainOptions options, NDManager manager, ParamStore store, MelRvq rvq, MelFrontEnd frontEnd,
      MuqModel teacher, int teacherLayer) {
    super(KIND, options, manager, store);
    this.rvq = rvq;
    this.frontEnd = frontEnd;
    this.teacher = teacher;
    this.teacherLayer = teacherLayer;
    this.lastUsed = new int[rvq.stages()][rvq.codebookSize()];
    this.trainable = rvq.params().stream().filter(ParamSpec::trainable).map(ParamSpec::name).toList();
  }

  /** The store for a fresh RVQ run on mel: RVQ parameters plus the front-end statistics. */
  public static List<ParamSpec> specs(MelRvq rvq, MelFrontEnd frontEnd) {
    List<ParamSpec> p = new ArrayList<>(rvq.params());
    p.addAll(frontEnd.params());
    return p;
  }

  /** The default front-end the RVQ measures its statistics with (names under "model."). */
  public static MelFrontEnd frontEnd() {
    return new MelFrontEnd(MuqModel.RELEASED_PREFIX, ModelConfig.named("tiny").muq());
  }

  /**
   * Measures the mean and standard deviation of the dB mel over some batches and stores them in
   * the front-end's buffers.
   */
  public static double[] measureMelStats(NDManager manager, ParamStore store, MelFrontEnd frontEnd, BatchSource data, int batches)
      throws IOException {
    double sum = 0;
    double sumSq = 0;
    long n = 0;
    for (int i = 0; i < batches; i++) {
      BatchSource.Batch b = data.next();
      try (NDManager sub = manager.newSubManager()) {
        DjlOps ops = DjlOps.inference(store, sub);
        NDArray db = frontEnd.decibels(ops, waves(sub, b.waves()));
        float[] v = db.toFloatArray();
        for (float x : v) {
          sum += x;
          sumSq += (double) x * x;
        }
        n += v.length;
      }
    }
    double mean = sum / n;
    double std = Math.sqrt(Math.max(sumSq / n - mean * mean, 1e-12));
    store.set(frontEnd.meanName(), new float[] {(float) mean});
    store.set(frontEnd.stdName(), new float[] {(float) std});
    return new double[] {mean, std};
  }

  static NDArray waves(NDManager m, float[][] waves) {
    int n = waves[0].length;
    float[] flat = new float[waves.length * n];
    for (int i = 0; i < waves.length; i++) {
      System.arraycopy(waves[i], 0, flat, i * n, n);
    }
    return m.create(flat, new Shape(waves.length, n));
  }

  NDArray features(DjlOps ops, NDArray wave) {
    if (teacher == null) {
      return RvqFeatures.melTokens(ops, frontEnd, wave);
    }
    return RvqFeatures.muqLayer(ops, teacher, wave, teacherLayer).stopGradient();
  }

  @Override
  protected StepResult step(NDManager m, long step, BatchSource.Batch batch) {
    DjlOps ops = new DjlOps(store, m, false); // no batch norm in the RVQ; the teacher runs in inference mode
    NDArray x = features(ops, waves(m, batch.waves()));
    MelRvq.Output out = rvq.forward(ops, x);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("recon_l1", (double) out.reconstructionLoss().getFloat());
    NDArray mean = x.reshape(-1, x.getShape().get(2)).mean(new int[] {0}, true);
    metrics.put("baseline_l1", (double) x.sub(mean).abs().mean().getFloat());
    lastMean = mean.toFloatArray();
    metrics.put("codebook", (double) out.codebookLoss().getFloat());
    metrics.put("commitment", (double) out.commitmentLoss().getFloat());
    // Usage bookkeeping for dead-code re-seeding.
    long[] codes = out.codes().toLongArray(); // [B, stages, T]
    long b = out.codes().getShape().get(0);
    long t = out.codes().getShape().get(2);
    for (int i = 0; i < b; i++) {
      for (int s = 0; s < rvq.stages(); s++) {
        for (int j = 0; j < t; j++) {
          lastUsed[s][(int) codes[(int) ((i * rvq.stages() + s) * t + j)]] = (int) step + 1;
        }
      }
    }
    List<NDArray> latents = new ArrayList<>();
    for (NDArray l : out.latents()) {
      NDArray keep = l.duplicate();
      keep.attach(manager);
      latents.add(keep);
    }
    lastLatents.forEach(NDArray::close);
    lastLatents = latents;
    return new StepResult(out.loss(), metrics);
  }

  @Override
  protected void afterUpdate(long step, AdamW optimizer) {
    // Step 0 seeds every codeword from the data (a k-means-style start); later, codewords unused
    // for DEAD_AFTER_STEPS steps are re-seeded.
    if (step != 0 && (step + 1) % DEAD_AFTER_STEPS != 0) {
      return;
    }
    Random random = new Random(options.seed() * 31 + step);
    if (step == 0) {
      // Data-dependent start: the first stage's output bias is the mean feature vector, so the
      // quantiser begins at the mean-vector baseline instead of spending steps learning it.
      store.set(rvq.outputBiasName(0), lastMean);
      optimizer.reset(rvq.outputBiasName(0));
    }
    for (int s = 0; s < rvq.stages(); s++) {
      boolean[] dead = new boolean[rvq.codebookSize()];
      boolean any = false;
      for (int c = 0; c < dead.length; c++) {
        dead[c] = step == 0 || step + 1 - lastUsed[s][c] >= DEAD_AFTER_STEPS;
        any |= dead[c];
      }
      if (any && rvq.reseed(store, s, dead, lastLatents.get(s), random) > 0) {
        optimizer.reset(rvq.codebookName(s));
        for (int c = 0; c < dead.length; c++) {
          if (dead[c]) {
            lastUsed[s][c] = (int) step + 1;
          }
        }
      }
    }
  }

  @Override
  protected List<String> trainable() {
    return trainable;
  }

  @Override
  protected Map<String, Object> extraState() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rvq", Map.of("input_dim", rvq.inputDim(), "stages", rvq.stages(), "codebook_size", rvq.codebookSize(), "codebook_dim", rvq.codebookDim()));
    m.put("features", teacher == null ? "mel" : "muq_layer_" + teacherLayer);
    List<List<Integer>> used = new ArrayList<>();
    for (int[] row : lastUsed) {
      List<Integer> r = new ArrayList<>(row.length);
      for (int v : row) {
        r.add(v);
      }
      used.add(r);
    }
    m.put("last_used", used);
    return m;
  }

  @Override
  @SuppressWarnings("unchecked")
  protected void restoreExtra(Map<String, Object> extra) {
    Object used = extra.get("last_used");
    if (used instanceof List<?> rows) {
      for (int s = 0; s < rows.size() && s < lastUsed.length; s++) {
        List<Number> r = (List<Number>) rows.get(s);
        for (int c = 0; c < r.size(); c++) {
          lastUsed[s][c] = r.get(c).intValue();
        }
      }
    }
  }

  /** Quantiser codes [B, stages, T] of a batch, for pre-training targets. */
  public NDArray codes(DjlOps ops, NDArray wave) {
    return rvq.encode(ops, features(ops, wave));
  }

}
