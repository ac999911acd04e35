package ai.muq.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.muq.model.DjlOps;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code pretrain}: MuQ masked token prediction (reference §4). The waveform is cut into 400 ms
 * spans, each masked with probability 0.6 by Gaussian noise of std 0.1; the targets are the
 * first K codes of the Mel-RVQ (or, when iterating, an RVQ over a trained MuQ layer) of the
 * UNMASKED audio; the loss is the cross-entropy over each codebook's classes at masked tokens.
 */
public final class MaskedPretraining extends TrainingRun {

  public static final String KIND = "pretrain";
  public static final int SPAN_SAMPLES = 9600;
  public static final int TOKENS_PER_SPAN = SPAN_SAMPLES / (MuqConfig.HOP * MuqConfig.FRAMES_PER_TOKEN);
  public static final double MASK_PROB = 0.6;
  public static final double MASK_NOISE_STD = 0.1;

  private final MuqModel model;
  private final RvqTraining tokenizer;
  private final List<String> trainable;

  /**
   * @param store holds the MuQ being trained and the tokenizer's parameters
   * @param tokenizer gives the target codes (its parameters are frozen)
   */
  public MaskedPretraining(TrainOptions options, NDManager manager, ParamStore store, MuqModel model, RvqTraining tokenizer) {
    super(KIND, options, manager, store);
    this.model = model;
    this.tokenizer = tokenizer;
    this.trainable = model.params().stream().filter(ParamSpec::trainable).map(ParamSpec::name).toList();
  }

  /** The masked waveform and the token mask [B, T] (1 = masked) for a step. */
  record Masked(float[][] waves, float[] tokenMask, int tokens) {}

  static Masked mask(float[][] waves, long seed, long step) {
    Random r = new Random(seed * 7_919L + step * 104_729L);
    int b = waves.length;
    int n = waves[0].length;
    int spans = n / SPAN_SAMPLES;
    int tokens = n / (MuqConfig.HOP * MuqConfig.FRAMES_PER_TOKEN);
    float[][] out = new float[b][];
    float[] tokenMask = new float[b * tokens];
    for (int i = 0; i < b; i++) {
      out[i] = waves[i].clone();
      for (int s = 0; s < spans; s++) {
        if (r.nextDouble() < MASK_PROB) {
          for (int k = s * SPAN_SAMPLES; k < (s + 1) * SPAN_SAMPLES; k++) {
            out[i][k] = (float) (r.nextGaussian() * MASK_NOISE_STD);
          }
          for (int t = s * TOKENS_PER_SPAN; t < Math.min(tokens, (s + 1) * TOKENS_PER_SPAN); t++) {
            tokenMask[i * tokens + t] = 1f;
          }
        }
      }
    }
    return new Masked(out, tokenMask, tokens);
  }

  @Override
  protected StepResult step(NDManager m, long step, BatchSource.Batch batch) {
    float[][] waves = batch.waves();
    if (waves[0].length % SPAN_SAMPLES != 0) {
      throw new IllegalArgumentException("pre-training clips must be a multiple of 400 ms (9600 samples)");
    }
    int k = model.config().numCodebooks();
    int classes = model.config().codebookSize();
    NDArray targets;
    try (NDManager t = m.newSubManager()) {
      NDArray codes = tokenizer.codes(new DjlOps(store, t, false), RvqTraining.waves(t, waves));
      targets = codes.get(":, 0:" + k + ", :").transpose(0, 2, 1).duplicate(); // [B, T, K]
      targets.attach(m);
    }
    Masked masked = mask(waves, options.seed(), step);
    DjlOps ops = new DjlOps(store, m, true);
    List<NDArray> states = model.hiddenStates(ops, RvqTraining.waves(m, masked.waves()));
    NDArray logits = model.logits(ops, states.get(states.size() - 1));
    long b = waves.length;
    long tokens = logits.getShape().get(1);
    NDArray logp = logits.reshape(b, tokens, k, classes).logSoftmax(-1);
    NDArray onehot = targets.oneHot(classes, DataType.FLOAT32);
    NDArray picked = logp.mul(onehot).sum(new int[] {-1}); // [B, T, K]
    NDArray tokenMask = m.create(masked.tokenMask(), new Shape(b, masked.tokens())).get(":, 0:" + tokens).expandDims(-1);
    float maskedCount = tokenMask.sum().getFloat() * k;
    NDArray loss = picked.mul(tokenMask).sum().neg().div(Math.max(maskedCount, 1f));
    NDArray correct = logp.argMax(-1).eq(targets).toType(DataType.FLOAT32, false).mul(tokenMask).sum();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("masked_acc", maskedCount > 0 ? correct.getFloat() / (double) maskedCount : 0.0);
    metrics.put("masked_tokens", (double) maskedCount / k);
    return new StepResult(loss, metrics);
  }

  @Override
  protected List<String> trainable() {
    return trainable;
  }
}
