package ai.muq.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One track of an evaluation manifest.
 *
 * @param id stable identifier (the manifest's path as written)
 * @param audio the audio file
 * @param tags tag names that apply (empty when the manifest has no tags)
 * @param captions free-text descriptions for retrieval (empty when none)
 * @param split {@code train}, {@code valid} or {@code test}
 * @param labels single-valued classification labels by name (style, lead_instrument, key, ...)
 */
public record EvalTrack(
    String id, Path audio, List<String> tags, List<String> captions, String split, Map<String, String> labels) {

  public static final String TRAIN = "train";
  public static final String VALID = "valid";
  public static final String TEST = "test";

  public EvalTrack {
    if (id == null || audio == null) {
      throw new IllegalArgumentException("a track needs an id and an audio path");
    }
    tags = List.copyOf(tags);
    captions = List.copyOf(captions);
    labels = Map.copyOf(labels);
    if (!List.of(TRAIN, VALID, TEST).contains(split)) {
      throw new IllegalArgumentException("split of " + id + " must be train, valid or test, not " + split);
    }
  }
}
