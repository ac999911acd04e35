package ai.muq.eval;

import ai.muq.bundle.Clips;
import ai.muq.math.VectorMath;
import ai.muq.audio.AudioException;
import ai.muq.audio.AudioLoader;
import ai.muq.data.Catalog;
import ai.muq.data.CatalogEntry;
import ai.muq.tagging.Vocabulary;
import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code eval --real-music DIR}: same-track segment retrieval ({@link SegmentRetrieval}) on a
 * folder of real recordings for the model, MFCC statistics and the random-init baseline, and the
 * model's zero-shot genre and instrument tags of every track (scored as the service scores them, on
 * the mean embedding of the track's two segments, with the service's built-in vocabularies).
 */
public final class RealMusicEval {

  /** Orchestral instruments of the {@code instruments} vocabulary: strings, brass, woodwinds, harp, choir. */
  public static final Set<String> ORCHESTRAL = Set.of(
      "violin", "cello", "double bass", "string section", "trumpet", "trombone", "brass section", "flute",
      "clarinet", "harp", "choir");

  /** Tags kept per track and vocabulary in the report. */
  public static final int TAGS_KEPT = 5;

  private final BundleRunner model;
  private final BundleRunner baseline;
  private final AudioLoader loader;
  private final String tagPrompt;
  private final int mfccCoefficients;
  private final PrintStream log;

  /**
   * @param baseline the random-init model of the same configuration, or null
   * @param tagPrompt template with {@code {label}}, as the service's tagging default
   */
  public RealMusicEval(BundleRunner model, BundleRunner baseline, AudioLoader loader, String tagPrompt,
      int mfccCoefficients, PrintStream log) {
    if (!tagPrompt.contains("{label}")) {
      throw new IllegalArgumentException("prompt template without {label}: " + tagPrompt);
    }
    this.model = model;
    this.baseline = baseline;
    this.loader = loader;
    this.tagPrompt = tagPrompt;
    this.mfccCoefficients = mfccCoefficients;
    this.log = log;
  }

  /**
   * Evaluates one folder (every audio file below it).
   *
   * @throws IllegalArgumentException when fewer than two tracks are long enough
   */
  public EvalResults.RealMusic run(Path folder) throws IOException, OrtException {
    long t0 = System.nanoTime();
    int sr = model.manifest().sampleRate();
    List<CatalogEntry> files = Catalog.folder(folder);
    Map<String, String> skipped = new LinkedHashMap<>();
    List<float[]> modelQ = new ArrayList<>();
    List<float[]> modelT = new ArrayList<>();
    List<float[]> baseQ = new ArrayList<>();
    List<float[]> baseT = new ArrayList<>();
    List<float[]> mfccQ = new ArrayList<>();
    List<float[]> mfccT = new ArrayList<>();
    List<EvalResults.TrackTags> tags = new ArrayList<>();
    int shortTracks = 0;
    float[][] genrePrompts = model.hasMulan() ? prompts(Vocabulary.GENRES) : null;
    float[][] instrumentPrompts = model.hasMulan() ? prompts(Vocabulary.INSTRUMENTS) : null;
    try (Mfcc mfcc = new Mfcc(mfccCoefficients)) {
      for (CatalogEntry file : files) {
        String id = folder.relativize(file.audio()).toString();
        float[] wave;
        try {
          wave = loader.load(file.audio(), sr);
        } catch (AudioException | UncheckedIOException e) {
          skipped.put(id, e.getMessage());
          continue;
        }
        if (!SegmentRetrieval.longEnough(wave.length, sr)) {
          shortTracks++;
          continue;
        }
        float[][] seg = SegmentRetrieval.segments(wave, sr);
        float[] q = segmentVector(model, seg[0]);
        float[] t = segmentVector(model, seg[1]);
        modelQ.add(q);
        modelT.add(t);
        if (baseline != null) {
          baseQ.add(segmentVector(baseline, seg[0]));
          baseT.add(segmentVector(baseline, seg[1]));
        }
        mfccQ.add(mfcc.features(seg[0]));
        mfccT.add(mfcc.features(seg[1]));
        if (model.hasMulan()) {
          // The track's embedding for tags: the mean of its two segments' (20 s of it; the whole track
          // would cost 10-40 clips per track for little change in the top tags).
          float[] track = new float[q.length];
          for (int k = 0; k < track.length; k++) {
            track[k] = (q[k] + t[k]) / 2;
          }
          tags.add(new EvalResults.TrackTags(id, wave.length / (double) sr,
              best(track, Vocabulary.GENRES, genrePrompts), best(track, Vocabulary.INSTRUMENTS, instrumentPrompts)));
        }
        log.printf("  real music %s: %d tracks%n", folder.getFileName(), modelQ.size());
      }
    }
    int n = modelQ.size();
    if (n < 2) {
      throw new IllegalArgumentException("--real-music " + folder + ": " + n + " decodable tracks of at least "
          + (int) SegmentRetrieval.MIN_TRACK_SECONDS + " s (" + shortTracks + " shorter, " + skipped.size()
          + " undecodable); need 2");
    }
    List<EvalResults.SegmentFigures> figures = new ArrayList<>();
    figures.add(SegmentRetrieval.figures("model", SegmentRetrieval.ranks(arr(modelQ), arr(modelT))));
    // MFCC statistics are standardised over every segment of the folder before the cosine.
    List<float[]> allMfcc = new ArrayList<>(mfccQ);
    allMfcc.addAll(mfccT);
    float[][] z = SegmentRetrieval.standardise(arr(allMfcc));
    figures.add(SegmentRetrieval.figures("mfcc", SegmentRetrieval.ranks(
        java.util.Arrays.copyOfRange(z, 0, n), java.util.Arrays.copyOfRange(z, n, 2 * n))));
    if (baseline != null) {
      figures.add(SegmentRetrieval.figures("baseline", SegmentRetrieval.ranks(arr(baseQ), arr(baseT))));
    }
    double classical = tags.isEmpty() ? Double.NaN
        : tags.stream().filter(t -> top3(t.genres()).contains("classical")).count() / (double) tags.size();
    double orchestral = tags.isEmpty() ? Double.NaN
        : tags.stream().filter(t -> top3(t.instruments()).stream().anyMatch(ORCHESTRAL::contains)).count()
            / (double) tags.size();
    log.printf("real music %s: %d tracks (%d shorter than %d s, %d undecodable), %.0f s; classical in top 3 of genres %.3f, "
            + "orchestral instrument in top 3 %.3f%n", folder, n, shortTracks, (int) SegmentRetrieval.MIN_TRACK_SECONDS,
        skipped.size(), (System.nanoTime() - t0) / 1e9, classical, orchestral);
    for (EvalResults.SegmentFigures f : figures) {
      log.printf("  same-track %-8s R@1 %.3f R@5 %.3f median rank %.1f (chance R@1 %.3f)%n",
          f.system(), f.r1(), f.r5(), f.medianRank(), 1.0 / n);
    }
    return new EvalResults.RealMusic(folder.toString(), n, shortTracks, skipped, SegmentRetrieval.QUERY_OFFSET_SECONDS,
        SegmentRetrieval.TARGET_OFFSET_SECONDS, SegmentRetrieval.SEGMENT_SECONDS, 1.0 / n, figures, tagPrompt,
        classical, orchestral, tags);
  }

  /** A segment's vector: the MuLan audio embedding, or for a MuQ-only bundle its last hidden state's mean. */
  private static float[] segmentVector(BundleRunner runner, float[] segment) throws OrtException {
    List<float[]> clips = Clips.mulanClips(segment, runner.clipSamples());
    if (runner.hasMulan()) {
      return runner.audioEmbedding(clips);
    }
    float[][] layers = runner.layerFeatures(clips);
    return layers[layers.length - 1];
  }

  private float[][] prompts(Vocabulary v) throws OrtException {
    float[][] out = new float[v.labels().size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = model.textEmbedding(tagPrompt.replace("{label}", v.labels().get(i)));
    }
    return out;
  }

  private static List<EvalResults.Tag> best(float[] track, Vocabulary v, float[][] prompts) {
    return IntStream.range(0, prompts.length)
        .mapToObj(i -> new EvalResults.Tag(v.labels().get(i), VectorMath.dot(track, prompts[i])))
        .sorted(Comparator.comparingDouble(EvalResults.Tag::score).reversed())
        .limit(TAGS_KEPT).toList();
  }

  private static List<String> top3(List<EvalResults.Tag> tags) {
    return tags.stream().limit(3).map(EvalResults.Tag::label).toList();
  }

  private static float[][] arr(List<float[]> rows) {
    return rows.toArray(new float[0][]);
  }
}
