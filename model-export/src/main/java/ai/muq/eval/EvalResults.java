package ai.muq.eval;

import java.util.List;
import java.util.Map;

/**
 * Every figure of one evaluation run (written as metrics.json with snake_case names).
 *
 * @param model the evaluated bundle
 * @param baseline the randomly initialised (or given) baseline bundle, null when none
 * @param tracks tracks per split
 * @param skippedTracks tracks whose audio could not be decoded, with the reason
 * @param probes linear probing results, one per classification label
 * @param zeroShot zero-shot tagging results, per system and prompt template
 * @param zeroShotClassification zero-shot top-1 classification, per system and label
 * @param retrieval retrieval results, per system and direction
 * @param seconds wall-clock time of the run
 * @param realMusic same-track segment retrieval and tags per folder of real recordings ({@code
 *     --real-music}), empty when none
 */
public record EvalResults(
    Subject model,
    Subject baseline,
    Map<String, Integer> tracks,
    Map<String, String> skippedTracks,
    List<Probe> probes,
    List<ZeroShot> zeroShot,
    List<ZeroShotClassification> zeroShotClassification,
    List<Retrieval> retrieval,
    double seconds,
    List<RealMusic> realMusic) {

  public EvalResults {
    realMusic = List.copyOf(realMusic);
  }

  /** These results with the real-music evaluations added. */
  public EvalResults withRealMusic(List<RealMusic> folders) {
    return new EvalResults(model, baseline, tracks, skippedTracks, probes, zeroShot, zeroShotClassification,
        retrieval, seconds, folders);
  }

  /** A bundle that was evaluated. */
  public record Subject(String role, String name, String id, String dir) {}

  /**
   * Linear probing of one label.
   *
   * @param classes class names (from the training split)
   * @param majority accuracy of always answering the training split's most frequent class
   * @param mfcc accuracy on MFCC-statistics features
   * @param model accuracy per hidden state 0..L of the model
   * @param baseline accuracy per hidden state of the baseline, empty when none
   * @param bestLayer the model's best hidden state
   */
  public record Probe(
      String label, List<String> classes, int train, int test, double majority, double mfcc,
      List<Double> model, List<Double> baseline, int bestLayer) {}

  /**
   * Zero-shot tagging: ROC-AUC and PR-AUC macro-averaged over the tags that have positives and
   * negatives among the evaluated tracks.
   *
   * @param template the prompt template, or "ensemble" for text embeddings averaged over templates
   */
  public record ZeroShot(
      String system, String template, int tracks, int tags, double rocAuc, double prAuc,
      Map<String, double[]> perTag) {}

  /**
   * Zero-shot classification of one single-valued label: each class value becomes a prompt
   * (e.g. "woodwind music") and a track's prediction is its most similar prompt.
   *
   * @param classes the label's values among the evaluated tracks
   * @param top1 share of tracks whose best prompt is their own class
   * @param majority share of the most frequent class (what always answering it scores)
   */
  public record ZeroShotClassification(
      String system, String template, String label, List<String> classes, int tracks, double top1, double majority) {}

  /** Retrieval by captions, {@code text_to_music} or {@code music_to_text}. */
  public record Retrieval(
      String system, String direction, int queries, int candidates, double r1, double r5, double r10,
      double medianRank) {}

  /**
   * Same-track segment retrieval on one folder of real recordings ({@link SegmentRetrieval}) and
   * the model's zero-shot tags of each track.
   *
   * @param folder the folder as given
   * @param tracks tracks of at least {@link SegmentRetrieval#MIN_TRACK_SECONDS} that were evaluated
   * @param shortTracks audio files shorter than that (left out)
   * @param skippedTracks undecodable files with the reason
   * @param queryOffsetSeconds start of each track's query segment
   * @param targetOffsetSeconds start of each track's target segment
   * @param segmentSeconds length of both segments
   * @param chanceR1 R@1 of a random ranking, 1 / tracks
   * @param retrieval figures per system: {@code model}, {@code mfcc}, {@code baseline}
   * @param tagPrompt the prompt template of the tags
   * @param classicalTop3 share of tracks with 'classical' among their top 3 genres
   * @param orchestralTop3 share of tracks with an orchestral instrument among their top 3 instruments
   * @param trackTags the top tags of every evaluated track (empty for a bundle without text tower)
   */
  public record RealMusic(
      String folder, int tracks, int shortTracks, Map<String, String> skippedTracks, double queryOffsetSeconds,
      double targetOffsetSeconds, double segmentSeconds, double chanceR1, List<SegmentFigures> retrieval,
      String tagPrompt, double classicalTop3, double orchestralTop3, List<TrackTags> trackTags) {}

  /** Same-track retrieval figures of one system. */
  public record SegmentFigures(String system, int queries, double r1, double r5, double medianRank) {}

  /** A track's best genres and instruments (label and cosine similarity, best first). */
  public record TrackTags(String track, double seconds, List<Tag> genres, List<Tag> instruments) {}

  /** One zero-shot tag and its score. */
  public record Tag(String label, double score) {}
}
