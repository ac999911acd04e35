package ai.muq.tagging;

import ai.muq.bundle.Clips;
import ai.muq.math.VectorMath;
import ai.muq.inference.ServedModel;
import ai.muq.inference.TokenizedText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Zero-shot tagging with a MuQ-MuLan model: each label is put into a prompt template, embedded by
 * the text tower (cached per model and prompt text), and scored against the audio embedding (the
 * mean of its clip embeddings, as the reference computes it).
 */
@Component
public class Tagger {

  /** Placeholder the prompt template must contain. */
  public static final String PLACEHOLDER = "{label}";

  /** Cached prompt embeddings per model; cleared when it grows past this. */
  static final int CACHE_LIMIT = 20_000;

  private final Map<String, float[]> promptCache = new ConcurrentHashMap<>();

  /**
   * Tags one waveform (at the model's sample rate).
   *
   * @param labels distinct, non-blank labels
   * @param prompt template containing {@link #PLACEHOLDER}
   * @param topK how many labels to return (capped at the number of labels)
   * @param timeline whether to add per-clip tags
   */
  public TagResult tag(
      ServedModel model, float[] wave, List<String> labels, String prompt, TagMode mode, int topK,
      boolean timeline) {
    Objects.requireNonNull(model, "model");
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("no labels");
    }
    if (!prompt.contains(PLACEHOLDER)) {
      throw new IllegalArgumentException("prompt lacks " + PLACEHOLDER);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("top_k must be at least 1");
    }
    List<float[]> labelVectors = labelEmbeddings(model, labels, prompt);
    List<float[]> clips = model.clipEmbeddings(wave);
    float[] track = Clips.mean(clips);
    double temperature = model.manifest().temperature() > 0 ? model.manifest().temperature() : 1.0;
    List<TagScore> tags = rank(scores(track, labelVectors, mode, temperature), labels, topK);
    List<TagResult.Segment> segments = new ArrayList<>();
    if (timeline) {
      double clipSeconds = model.manifest().clipSeconds();
      double duration = (double) wave.length / model.manifest().sampleRate();
      for (int i = 0; i < clips.size(); i++) {
        double[] s = scores(clips.get(i), labelVectors, mode, temperature);
        Clips.Span span = Clips.Span.of(i, clipSeconds, duration);
        segments.add(new TagResult.Segment(span.start(), span.end(), rank(s, labels, topK)));
      }
    }
    return new TagResult(tags, segments);
  }

  /** The text embeddings of the prompts, in label order. */
  List<float[]> labelEmbeddings(ServedModel model, List<String> labels, String prompt) {
    Map<Integer, TokenizedText> missing = new LinkedHashMap<>();
    float[][] out = new float[labels.size()][];
    for (int i = 0; i < labels.size(); i++) {
      float[] cached = promptCache.get(cacheKey(model, prompt(prompt, labels.get(i))));
      if (cached != null) {
        out[i] = cached;
      } else {
        missing.put(i, model.tokenize(prompt(prompt, labels.get(i))));
      }
    }
    if (!missing.isEmpty()) {
      List<float[]> fresh = model.textEmbeddings(List.copyOf(missing.values()));
      if (promptCache.size() > CACHE_LIMIT) {
        promptCache.clear();
      }
      int k = 0;
      for (int i : missing.keySet()) {
        out[i] = fresh.get(k++);
        promptCache.put(cacheKey(model, prompt(prompt, labels.get(i))), out[i]);
      }
    }
    return List.of(out);
  }

  static String prompt(String template, String label) {
    return template.replace(PLACEHOLDER, label);
  }

  private static String cacheKey(ServedModel model, String text) {
    return model.manifest().id() + "\u0000" + text;
  }

  /** Multi: cosine similarities; single: softmax of temperature-scaled similarities. */
  static double[] scores(float[] audio, List<float[]> labels, TagMode mode, double temperature) {
    double[] s = new double[labels.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = VectorMath.dot(audio, labels.get(i));
    }
    if (mode == TagMode.SINGLE) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : s) {
        max = Math.max(max, v * temperature);
      }
      double sum = 0;
      for (int i = 0; i < s.length; i++) {
        s[i] = Math.exp(s[i] * temperature - max);
        sum += s[i];
      }
      for (int i = 0; i < s.length; i++) {
        s[i] /= sum;
      }
    }
    return s;
  }

  static List<TagScore> rank(double[] scores, List<String> labels, int topK) {
    List<TagScore> all = new ArrayList<>(scores.length);
    for (int i = 0; i < scores.length; i++) {
      all.add(new TagScore(labels.get(i), scores[i]));
    }
    all.sort(Comparator.comparingDouble(TagScore::score).reversed());
    return List.copyOf(all.subList(0, Math.min(topK, all.size())));
  }
}
