package ai.muq.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.muq.model.DjlOps;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.mulan.MulanModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * {@code train-mulan}: contrastive music-text training of MuQ-MuLan. The audio tower starts from
 * a trained MuQ; the text side is a frozen pretrained encoder ({@link TextBackbone}) under the
 * trainable transformer head. Each clip is paired with one of its captions (chosen by seed and
 * step); texts are padded per batch and the head masks the padding exactly.
 */
public final class MulanTraining extends TrainingRun {

  public static final String KIND = "train-mulan";

  /** Which parts learn. */
  public enum Freeze {
    /** Everything but the text backbone learns. */
    NONE,
    /** The audio tower's MuQ stays as pre-trained; heads and projections learn. */
    AUDIO_MUQ
  }

  private final MulanModel model;
  private final TextBackbone text;
  private final Freeze freeze;
  private final List<String> trainable;

  public MulanTraining(TrainOptions options, NDManager manager, ParamStore store, MulanModel model, TextBackbone text, Freeze freeze) {
    super(KIND, options, manager, store);
    if (text.dim() != model.config().mulan().textBackboneDim()) {
      throw new IllegalArgumentException("text backbone " + text.packaged().name() + " has width " + text.dim()
          + " but the model expects " + model.config().mulan().textBackboneDim());
    }
    this.model = model;
    this.text = text;
    this.freeze = freeze;
    Set<String> frozen = freeze == Freeze.AUDIO_MUQ
        ? new java.util.HashSet<>(model.audioMuq().encoderParams().stream().map(ParamSpec::name).toList())
        : Set.of();
    this.trainable = model.params().stream().filter(ParamSpec::trainable).map(ParamSpec::name).filter(n -> !frozen.contains(n)).toList();
  }

  /** Padded backbone hidden states [B, T, dim] and mask [B, T] for a list of texts. */
  static NDArray[] textBatch(NDManager m, TextBackbone text, List<String> texts) {
    List<TextBackbone.Hidden> hs = new ArrayList<>();
    int maxT = 1;
    for (String t : texts) {
      TextBackbone.Hidden h = text.hidden(t);
      hs.add(h);
      maxT = Math.max(maxT, h.tokens());
    }
    int d = text.dim();
    float[] values = new float[texts.size() * maxT * d];
    float[] mask = new float[texts.size() * maxT];
    for (int i = 0; i < hs.size(); i++) {
      TextBackbone.Hidden h = hs.get(i);
      System.arraycopy(h.values(), 0, values, i * maxT * d, h.tokens() * d);
      for (int t = 0; t < h.tokens(); t++) {
        mask[i * maxT + t] = 1f;
      }
    }
    return new NDArray[] {
      m.create(values, new Shape(texts.size(), maxT, d)), m.create(mask, new Shape(texts.size(), maxT))
    };
  }

  @Override
  protected StepResult step(NDManager m, long step, BatchSource.Batch batch) {
    Random r = new Random(options.seed() * 65_537L + step);
    List<String> captions = new ArrayList<>();
    for (List<String> cs : batch.captions()) {
      if (cs.isEmpty()) {
        throw new IllegalArgumentException("train-mulan needs a caption for every clip");
      }
      captions.add(cs.get(r.nextInt(cs.size())));
    }
    DjlOps ops = new DjlOps(store, m, freeze == Freeze.NONE);
    NDArray audio = model.audioEmbedding(ops, RvqTraining.waves(m, batch.waves()));
    NDArray[] tb = textBatch(m, text, captions);
    NDArray txt = model.textEmbedding(ops, tb[0], tb[1]);
    NDArray loss = ContrastiveLoss.loss(audio, txt, store.get(MulanModel.TEMPERATURE));
    NDArray sims = audio.matMul(txt.transpose());
    long b = captions.size();
    NDArray diag = m.arange(0, (int) b, 1, DataType.INT64);
    double a2t = sims.argMax(1).eq(diag).toType(DataType.FLOAT32, false).mean().getFloat();
    double t2a = sims.argMax(0).eq(diag).toType(DataType.FLOAT32, false).mean().getFloat();
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("a2t_acc", a2t);
    metrics.put("t2a_acc", t2a);
    metrics.put("temperature", Math.exp(store.floats(MulanModel.TEMPERATURE)[0]));
    return new StepResult(loss, metrics);
  }

  @Override
  protected List<String> trainable() {
    return trainable;
  }

  @Override
  protected Map<String, Object> extraState() {
    return Map.of("text_backbone", text.packaged().name(), "freeze", freeze.name().toLowerCase());
  }
}
