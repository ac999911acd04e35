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
 *
 * <p>With probability {@code tagTextProbability} a clip's text is instead a tag prompt, one of its
 * tags in a template such as "{tag} music" (MuLan trains on tags beside free text too): that is the
 * form zero-shot tagging queries take. A tag prompt fits every clip of the batch carrying that tag,
 * so the loss takes all of them as positives ({@link ContrastiveLoss}).
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
  private final double tagTextProbability;
  private final String tagTemplate;
  private AudioContrastive audioContrastive = AudioContrastive.NONE;

  /**
   * The audio-audio objective on real tracks ({@link ContrastiveLoss#infoNce}): the two views of a
   * track are the first and the last crop-length of its window ({@link BatchSource.Batch#windows()}).
   *
   * @param weight its weight beside the music-text loss (0 = off)
   * @param temperature the InfoNCE temperature
   */
  public record AudioContrastive(double weight, double temperature) {
    public static final AudioContrastive NONE = new AudioContrastive(0, 0.1);

    public AudioContrastive {
      if (!(weight >= 0) || !(temperature > 0)) {
        throw new IllegalArgumentException("audio contrastive weight must be >= 0 and temperature > 0");
      }
    }
  }

  public MulanTraining(TrainOptions options, NDManager manager, ParamStore store, MulanModel model, TextBackbone text, Freeze freeze) {
    this(options, manager, store, model, text, freeze, 0, TAG_PLACEHOLDER + " music");
  }

  /** The placeholder of a tag in {@code tagTemplate}. */
  public static final String TAG_PLACEHOLDER = "{tag}";

  /**
   * @param tagTextProbability chance in [0, 1] that a clip with tags is paired with a tag prompt
   * @param tagTemplate the prompt, containing {@link #TAG_PLACEHOLDER}
   */
  public MulanTraining(TrainOptions options, NDManager manager, ParamStore store, MulanModel model, TextBackbone text, Freeze freeze,
      double tagTextProbability, String tagTemplate) {
    super(KIND, options, manager, store);
    if (text.dim() != model.config().mulan().textBackboneDim()) {
      throw new IllegalArgumentException("text backbone " + text.packaged().name() + " has width " + text.dim()
          + " but the model expects " + model.config().mulan().textBackboneDim());
    }
    this.model = model;
    this.text = text;
    this.freeze = freeze;
    if (!(tagTextProbability >= 0 && tagTextProbability <= 1)) {
      throw new IllegalArgumentException("tag text probability must be in [0, 1], not " + tagTextProbability);
    }
    if (!tagTemplate.contains(TAG_PLACEHOLDER)) {
      throw new IllegalArgumentException("tag template '" + tagTemplate + "' lacks " + TAG_PLACEHOLDER);
    }
    this.tagTextProbability = tagTextProbability;
    this.tagTemplate = tagTemplate;
    Set<String> frozen = freeze == Freeze.AUDIO_MUQ
        ? new java.util.HashSet<>(model.audioMuq().encoderParams().stream().map(ParamSpec::name).toList())
        : Set.of();
    this.trainable = model.params().stream().filter(ParamSpec::trainable).map(ParamSpec::name).filter(n -> !frozen.contains(n)).toList();
  }

  /** Adds the audio-audio objective; the data source must then deliver windows. */
  public MulanTraining audioContrastive(AudioContrastive a) {
    this.audioContrastive = a;
    return this;
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
    String[] promptTags = new String[batch.captions().size()];
    for (int i = 0; i < promptTags.length; i++) {
      List<String> cs = batch.captions().get(i);
      List<String> tags = batch.tags().get(i);
      // Both draws happen for every clip, so the caption choice does not depend on the tag draw.
      double u = r.nextDouble();
      int pick = r.nextInt(Math.max(1, cs.size() + tags.size()));
      if (!tags.isEmpty() && (u < tagTextProbability || cs.isEmpty())) {
        promptTags[i] = tags.get(pick % tags.size());
        captions.add(tagTemplate.replace(TAG_PLACEHOLDER, promptTags[i]));
      } else if (cs.isEmpty()) {
        throw new IllegalArgumentException("train-mulan needs a caption or a tag for every clip");
      } else {
        captions.add(cs.get(pick % cs.size()));
      }
    }
    DjlOps ops = new DjlOps(store, m, freeze == Freeze.NONE);
    NDArray audio = model.audioEmbedding(ops, RvqTraining.waves(m, batch.waves()));
    NDArray[] tb = textBatch(m, text, captions);
    NDArray txt = model.textEmbedding(ops, tb[0], tb[1]);
    NDArray loss = ContrastiveLoss.loss(audio, txt, store.get(MulanModel.TEMPERATURE), positives(m, batch, captions, promptTags));
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (audioContrastive.weight() > 0) {
      if (batch.windows() == null) {
        throw new IllegalStateException("the audio-audio objective needs real-music windows in every batch");
      }
      NDArray[] views = views(m, batch.windows(), batch.waves()[0].length);
      int n = batch.windows().length;
      NDArray both = model.audioEmbedding(ops, views[0].concat(views[1], 0));
      NDArray a = both.get("0:" + n);
      NDArray b = both.get(n + ":");
      NDArray nce = ContrastiveLoss.infoNce(a, b, audioContrastive.temperature());
      loss = loss.add(nce.mul((float) audioContrastive.weight()));
      NDArray diagonal = m.arange(0, n, 1, DataType.INT64);
      metrics.put("audio_nce", (double) nce.getFloat());
      metrics.put("audio_pair_acc",
          (double) a.matMul(b.transpose()).argMax(1).eq(diagonal).toType(DataType.FLOAT32, false).mean().getFloat());
    }
    NDArray sims = audio.matMul(txt.transpose());
    long b = captions.size();
    NDArray diag = m.arange(0, (int) b, 1, DataType.INT64);
    double a2t = sims.argMax(1).eq(diag).toType(DataType.FLOAT32, false).mean().getFloat();
    double t2a = sims.argMax(0).eq(diag).toType(DataType.FLOAT32, false).mean().getFloat();
    metrics.put("a2t_acc", a2t);
    metrics.put("t2a_acc", t2a);
    metrics.put("temperature", Math.exp(store.floats(MulanModel.TEMPERATURE)[0]));
    return new StepResult(loss, metrics);
  }

  /** The two views [W, crop] of each window: its first and its last {@code crop} samples. */
  static NDArray[] views(NDManager m, float[][] windows, int crop) {
    int w = windows[0].length;
    if (w < crop) {
      throw new IllegalArgumentException("real-music window of " + w + " samples is shorter than the crop of " + crop);
    }
    float[] first = new float[windows.length * crop];
    float[] last = new float[windows.length * crop];
    for (int i = 0; i < windows.length; i++) {
      System.arraycopy(windows[i], 0, first, i * crop, crop);
      System.arraycopy(windows[i], w - crop, last, i * crop, crop);
    }
    Shape shape = new Shape(windows.length, crop);
    return new NDArray[] {m.create(first, shape), m.create(last, shape)};
  }

  /** [B, B]: audio i matches text j when j is i's own text, the same text, or a tag prompt of a tag i has. */
  static NDArray positives(NDManager m, BatchSource.Batch batch, List<String> texts, String[] promptTags) {
    int b = texts.size();
    float[] p = new float[b * b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        boolean match = i == j
            || texts.get(i).equals(texts.get(j))
            || (promptTags[j] != null && batch.tags().get(i).contains(promptTags[j]));
        p[i * b + j] = match ? 1f : 0f;
      }
    }
    return m.create(p, new Shape(b, b));
  }

  @Override
  protected List<String> trainable() {
    return trainable;
  }

  @Override
  protected Map<String, Object> extraState() {
    return Map.of("text_backbone", text.packaged().name(), "freeze", freeze.name().toLowerCase(),
        "tag_text_probability", tagTextProbability, "tag_template", tagTemplate,
        "audio_contrastive_weight", audioContrastive.weight(),
        "audio_contrastive_temperature", audioContrastive.temperature());
  }
}
