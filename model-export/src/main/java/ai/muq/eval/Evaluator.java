package ai.muq.eval;

import ai.muq.audio.AudioException;
import ai.muq.audio.AudioLoader;
import ai.muq.bundle.Clips;
import ai.muq.math.VectorMath;
import ai.onnxruntime.OrtException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One evaluation run: decodes every track once, extracts the model's, the baseline's and the MFCC
 * features, then computes linear probing per label and layer, zero-shot tagging and caption
 * retrieval.
 */
public final class Evaluator {

  /** Labels with more classes than this are not probed unless named (tempo in BPM, seeds, ...). */
  public static final int MAX_AUTO_CLASSES = 50;

  /** Labels with more classes than this, or with numeric values, get no zero-shot classification. */
  public static final int MAX_ZERO_SHOT_CLASSES = 30;

  /**
   * Run settings; templates contain the placeholder {@code {label}}.
   *
   * @param labels classification labels to probe; empty means every label with at most {@link
   *     #MAX_AUTO_CLASSES} classes
   */
  public record Settings(List<String> templates, SoftmaxProbe.Settings probe, int mfccCoefficients, List<String> labels) {
    public Settings(List<String> templates, SoftmaxProbe.Settings probe, int mfccCoefficients) {
      this(templates, probe, mfccCoefficients, List.of());
    }

    public Settings {
      labels = List.copyOf(labels);
      if (templates.isEmpty()) {
        throw new IllegalArgumentException("at least one prompt template");
      }
      for (String t : templates) {
        if (!t.contains("{label}")) {
          throw new IllegalArgumentException("prompt template without {label}: " + t);
        }
      }
      templates = List.copyOf(templates);
    }
  }

  /** What was extracted for one decoded track. */
  private record Features(
      EvalTrack track, float[][] modelLayers, float[] modelEmbedding, float[][] baselineLayers,
      float[] baselineEmbedding, float[] mfcc) {}

  private final BundleRunner model;
  private final BundleRunner baseline;
  private final AudioLoader loader;
  private final Settings settings;
  private final PrintStream log;

  public Evaluator(BundleRunner model, BundleRunner baseline, AudioLoader loader, Settings settings, PrintStream log) {
    this.model = model;
    this.baseline = baseline;
    this.loader = loader;
    this.settings = settings;
    this.log = log;
  }

  public EvalResults run(List<EvalTrack> tracks) throws OrtException {
    long t0 = System.nanoTime();
    Map<String, String> skipped = new LinkedHashMap<>();
    List<Features> feats = new ArrayList<>();
    int sampleRate = model.manifest().sampleRate();
    try (Mfcc mfcc = new Mfcc(settings.mfccCoefficients())) {
      int done = 0;
      for (EvalTrack t : tracks) {
        float[] wave;
        try {
          wave = loader.load(t.audio(), sampleRate);
        } catch (AudioException | UncheckedIOException e) {
          skipped.put(t.id(), e.getMessage());
          continue;
        }
        if (wave.length == 0) {
          skipped.put(t.id(), "no samples");
          continue;
        }
        List<float[]> clips = Clips.mulanClips(wave, model.clipSamples());
        float[] mfccWave = wave.length > 4096 ? wave : Clips.mulanClips(wave, 4096).getFirst();
        feats.add(new Features(
            t,
            model.layerFeatures(clips),
            model.hasMulan() ? model.audioEmbedding(clips) : null,
            baseline != null ? baseline.layerFeatures(clips) : null,
            baseline != null && baseline.hasMulan() ? baseline.audioEmbedding(clips) : null,
            mfcc.features(mfccWave)));
        if (++done % 50 == 0) {
          log.printf("  %d / %d tracks%n", done, tracks.size());
        }
      }
    }
    Map<String, Integer> counts = new TreeMap<>();
    feats.forEach(f -> counts.merge(f.track().split(), 1, Integer::sum));
    log.printf("features of %d tracks (%d skipped)%n", feats.size(), skipped.size());

    List<EvalResults.Probe> probes = probes(feats);
    List<EvalResults.ZeroShot> zeroShot = new ArrayList<>();
    List<EvalResults.ZeroShotClassification> zeroShotClasses = new ArrayList<>();
    List<EvalResults.Retrieval> retrieval = new ArrayList<>();
    List<Features> evalSet = testOrAll(feats);
    if (model.hasMulan()) {
      zeroShot.addAll(zeroShot("model", model, evalSet, true));
      zeroShotClasses.addAll(zeroShotClassification("model", model, evalSet, true));
      retrieval.addAll(retrieval("model", model, evalSet, true));
    }
    if (baseline != null && baseline.hasMulan()) {
      zeroShot.addAll(zeroShot("baseline", baseline, evalSet, false));
      zeroShotClasses.addAll(zeroShotClassification("baseline", baseline, evalSet, false));
      retrieval.addAll(retrieval("baseline", baseline, evalSet, false));
    }
    return new EvalResults(
        system("model", model), baseline == null ? null : system("baseline", baseline), counts, skipped,
        probes, zeroShot, zeroShotClasses, retrieval, (System.nanoTime() - t0) / 1e9, List.of());
  }

  private static EvalResults.Subject system(String role, BundleRunner r) {
    return new EvalResults.Subject(role, r.manifest().name(), r.manifest().id(), r.dir().toString());
  }

  /** The test split when it has tracks, else every track (small ad-hoc manifests). */
  private static List<Features> testOrAll(List<Features> feats) {
    List<Features> test = feats.stream().filter(f -> f.track().split().equals(EvalTrack.TEST)).toList();
    return test.isEmpty() ? feats : test;
  }

  // ------------------------------------------------------------------ probing

  /**
   * The split a track takes in probing: its own, except in a held-out corpus with no training
   * tracks, where the probe trains on a deterministic 70% of it and tests on the rest.
   */
  private static java.util.function.Function<Features, String> probeSplits(List<Features> feats) {
    boolean anyTrain = feats.stream().anyMatch(f -> f.track().split().equals(EvalTrack.TRAIN));
    return anyTrain ? f -> f.track().split() : f -> EvalManifest.hashSplit(f.track().id());
  }

  private List<EvalResults.Probe> probes(List<Features> feats) {
    java.util.function.Function<Features, String> split = probeSplits(feats);
    TreeSet<String> labelNames = new TreeSet<>();
    feats.forEach(f -> labelNames.addAll(f.track().labels().keySet()));
    if (!settings.labels().isEmpty()) {
      labelNames.retainAll(settings.labels());
    }
    List<EvalResults.Probe> out = new ArrayList<>();
    for (String label : labelNames) {
      List<Features> train = feats.stream()
          .filter(f -> split.apply(f).equals(EvalTrack.TRAIN) && f.track().labels().containsKey(label)).toList();
      Map<String, Integer> classCounts = new TreeMap<>();
      train.forEach(f -> classCounts.merge(f.track().labels().get(label), 1, Integer::sum));
      List<String> classes = new ArrayList<>(classCounts.keySet());
      // Test rows whose class never occurs in training cannot be predicted by any probe.
      List<Features> test = feats.stream()
          .filter(f -> split.apply(f).equals(EvalTrack.TEST) && classes.contains(f.track().labels().get(label)))
          .toList();
      if (settings.labels().isEmpty() && classes.size() > MAX_AUTO_CLASSES) {
        log.printf("probe %s: skipped (%d classes; name it with --labels to probe it)%n", label, classes.size());
        continue;
      }
      if (classes.size() < 2 || test.isEmpty()) {
        log.printf("probe %s: skipped (%d classes in train, %d test tracks)%n", label, classes.size(), test.size());
        continue;
      }
      int[] yTrain = train.stream().mapToInt(f -> classes.indexOf(f.track().labels().get(label))).toArray();
      int[] yTest = test.stream().mapToInt(f -> classes.indexOf(f.track().labels().get(label))).toArray();
      String majorityClass = Collections.max(classCounts.entrySet(), Map.Entry.comparingByValue()).getKey();
      double majority = test.stream().filter(f -> f.track().labels().get(label).equals(majorityClass)).count()
          / (double) test.size();
      double mfcc = accuracy(train.stream().map(Features::mfcc).toArray(float[][]::new), yTrain,
          test.stream().map(Features::mfcc).toArray(float[][]::new), yTest, classes.size());
      List<Double> modelAcc = new ArrayList<>();
      List<Double> baseAcc = new ArrayList<>();
      for (int l = 0; l < model.hiddenStates(); l++) {
        int layer = l;
        modelAcc.add(accuracy(train.stream().map(f -> f.modelLayers()[layer]).toArray(float[][]::new), yTrain,
            test.stream().map(f -> f.modelLayers()[layer]).toArray(float[][]::new), yTest, classes.size()));
      }
      if (baseline != null) {
        for (int l = 0; l < baseline.hiddenStates(); l++) {
          int layer = l;
          baseAcc.add(accuracy(train.stream().map(f -> f.baselineLayers()[layer]).toArray(float[][]::new), yTrain,
              test.stream().map(f -> f.baselineLayers()[layer]).toArray(float[][]::new), yTest, classes.size()));
        }
      }
      int best = 0;
      for (int l = 1; l < modelAcc.size(); l++) {
        if (modelAcc.get(l) > modelAcc.get(best)) {
          best = l;
        }
      }
      log.printf("probe %-16s %d classes, train %d, test %d: majority %.3f, mfcc %.3f, model best layer %d %.3f%n",
          label, classes.size(), train.size(), test.size(), majority, mfcc, best, modelAcc.get(best));
      out.add(new EvalResults.Probe(label, classes, train.size(), test.size(), majority, mfcc, modelAcc, baseAcc, best));
    }
    return out;
  }

  private double accuracy(float[][] xTrain, int[] yTrain, float[][] xTest, int[] yTest, int classes) {
    return SoftmaxProbe.train(xTrain, yTrain, classes, settings.probe()).accuracy(xTest, yTest);
  }

  // ------------------------------------------------------------------ zero-shot tagging

  private List<EvalResults.ZeroShot> zeroShot(String role, BundleRunner runner, List<Features> set, boolean isModel)
      throws OrtException {
    Map<String, Integer> tagCounts = new HashMap<>();
    set.forEach(f -> f.track().tags().forEach(t -> tagCounts.merge(t, 1, Integer::sum)));
    List<String> tags = tagCounts.keySet().stream()
        .filter(t -> tagCounts.get(t) < set.size()) // a tag on every track has no negatives
        .sorted().toList();
    if (tags.isEmpty()) {
      return List.of();
    }
    float[][] audio = set.stream().map(f -> isModel ? f.modelEmbedding() : f.baselineEmbedding()).toArray(float[][]::new);
    List<EvalResults.ZeroShot> out = new ArrayList<>();
    float[][] ensemble = new float[tags.size()][];
    for (String template : settings.templates()) {
      float[][] text = new float[tags.size()][];
      for (int i = 0; i < tags.size(); i++) {
        text[i] = runner.textEmbedding(template.replace("{label}", tags.get(i)));
        ensemble[i] = ensemble[i] == null ? text[i].clone() : add(ensemble[i], text[i]);
      }
      out.add(tagging(role, template, set, tags, audio, text));
    }
    if (settings.templates().size() > 1) {
      out.add(tagging(role, "ensemble", set, tags, audio, ensemble));
    }
    return out;
  }

  private EvalResults.ZeroShot tagging(
      String role, String template, List<Features> set, List<String> tags, float[][] audio, float[][] text) {
    Map<String, double[]> perTag = new LinkedHashMap<>();
    double roc = 0;
    double pr = 0;
    for (int t = 0; t < tags.size(); t++) {
      double[] scores = new double[set.size()];
      boolean[] labels = new boolean[set.size()];
      for (int i = 0; i < set.size(); i++) {
        scores[i] = VectorMath.dot(audio[i], text[t]);
        labels[i] = set.get(i).track().tags().contains(tags.get(t));
      }
      double r = RankingMetrics.rocAuc(scores, labels);
      double p = RankingMetrics.averagePrecision(scores, labels);
      perTag.put(tags.get(t), new double[] {r, p});
      roc += r;
      pr += p;
    }
    log.printf("zero-shot %-8s %-28s %d tags over %d tracks: ROC-AUC %.4f PR-AUC %.4f%n",
        role, template, tags.size(), set.size(), roc / tags.size(), pr / tags.size());
    return new EvalResults.ZeroShot(role, template, set.size(), tags.size(), roc / tags.size(), pr / tags.size(), perTag);
  }

  // ------------------------------------------------------------------ zero-shot classification

  private List<EvalResults.ZeroShotClassification> zeroShotClassification(
      String role, BundleRunner runner, List<Features> set, boolean isModel) throws OrtException {
    TreeSet<String> labelNames = new TreeSet<>();
    set.forEach(f -> labelNames.addAll(f.track().labels().keySet()));
    if (!settings.labels().isEmpty()) {
      labelNames.retainAll(settings.labels());
    }
    String template = settings.templates().getFirst();
    List<EvalResults.ZeroShotClassification> out = new ArrayList<>();
    for (String label : labelNames) {
      List<Features> withLabel = set.stream().filter(f -> f.track().labels().containsKey(label)).toList();
      Map<String, Integer> classCounts = new TreeMap<>();
      withLabel.forEach(f -> classCounts.merge(f.track().labels().get(label), 1, Integer::sum));
      List<String> classes = new ArrayList<>(classCounts.keySet());
      // Numbers and booleans ("120", "true") make no prompt; neither do identifiers.
      boolean words = classes.stream().allMatch(c -> c.chars().anyMatch(Character::isLetter) && !c.equals("true") && !c.equals("false"));
      if (classes.size() < 2 || classes.size() > MAX_ZERO_SHOT_CLASSES || !words) {
        continue;
      }
      float[][] prompts = new float[classes.size()][];
      for (int c = 0; c < classes.size(); c++) {
        prompts[c] = runner.textEmbedding(template.replace("{label}", classes.get(c)));
      }
      int correct = 0;
      for (Features f : withLabel) {
        float[] a = isModel ? f.modelEmbedding() : f.baselineEmbedding();
        int best = 0;
        double bestScore = VectorMath.dot(a, prompts[0]);
        for (int c = 1; c < classes.size(); c++) {
          double score = VectorMath.dot(a, prompts[c]);
          if (score > bestScore) {
            best = c;
            bestScore = score;
          }
        }
        correct += classes.get(best).equals(f.track().labels().get(label)) ? 1 : 0;
      }
      double top1 = correct / (double) withLabel.size();
      double majority = Collections.max(classCounts.values()) / (double) withLabel.size();
      log.printf("zero-shot %-8s %-16s %d classes over %d tracks: top-1 %.3f (majority %.3f)%n",
          role, label, classes.size(), withLabel.size(), top1, majority);
      out.add(new EvalResults.ZeroShotClassification(role, template, label, classes, withLabel.size(), top1, majority));
    }
    return out;
  }

  // ------------------------------------------------------------------ retrieval

  private List<EvalResults.Retrieval> retrieval(String role, BundleRunner runner, List<Features> set, boolean isModel)
      throws OrtException {
    List<Features> withCaptions = set.stream().filter(f -> !f.track().captions().isEmpty()).toList();
    if (withCaptions.size() < 2) {
      return List.of();
    }
    List<float[]> captions = new ArrayList<>();
    List<Integer> owner = new ArrayList<>();
    for (int i = 0; i < withCaptions.size(); i++) {
      for (String c : withCaptions.get(i).track().captions()) {
        captions.add(runner.textEmbedding(c));
        owner.add(i);
      }
    }
    int nt = withCaptions.size();
    int nc = captions.size();
    double[][] t2m = new double[nc][nt];
    boolean[][] t2mRel = new boolean[nc][nt];
    double[][] m2t = new double[nt][nc];
    boolean[][] m2tRel = new boolean[nt][nc];
    for (int c = 0; c < nc; c++) {
      for (int t = 0; t < nt; t++) {
        float[] a = isModel ? withCaptions.get(t).modelEmbedding() : withCaptions.get(t).baselineEmbedding();
        double s = VectorMath.dot(a, captions.get(c));
        t2m[c][t] = s;
        m2t[t][c] = s;
        t2mRel[c][t] = owner.get(c) == t;
        m2tRel[t][c] = owner.get(c) == t;
      }
    }
    List<EvalResults.Retrieval> out = new ArrayList<>();
    out.add(retrievalFigures(role, "text_to_music", RankingMetrics.ranks(t2m, t2mRel), nt));
    out.add(retrievalFigures(role, "music_to_text", RankingMetrics.ranks(m2t, m2tRel), nc));
    return out;
  }

  private EvalResults.Retrieval retrievalFigures(String role, String direction, int[] ranks, int candidates) {
    EvalResults.Retrieval r = new EvalResults.Retrieval(
        role, direction, ranks.length, candidates, RankingMetrics.recallAt(ranks, 1), RankingMetrics.recallAt(ranks, 5),
        RankingMetrics.recallAt(ranks, 10), RankingMetrics.medianRank(ranks));
    log.printf("retrieval %-8s %-13s %d queries / %d candidates: R@1 %.3f R@5 %.3f R@10 %.3f median rank %.1f%n",
        role, direction, r.queries(), candidates, r.r1(), r.r5(), r.r10(), r.medianRank());
    return r;
  }

  private static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }
}
