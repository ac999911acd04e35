package ai.muq.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audio file of a training catalog with what is known about it.
 *
 * @param audio the audio file (absolute or relative to the working directory)
 * @param tags tag words, possibly empty
 * @param captions language code (e.g. {@code en}, {@code zh}) to captions, possibly empty
 * @param split {@code train}, {@code valid} or {@code test} ({@code train} where the source says
 *     nothing)
 * @param labels any further fields of the source (JSON values), possibly empty
 */
public record CatalogEntry(
    Path audio,
    List<String> tags,
    Map<String, List<String>> captions,
    String split,
    Map<String, Object> labels) {

  public CatalogEntry {
    Objects.requireNonNull(audio, "audio");
    Objects.requireNonNull(split, "split");
    tags = List.copyOf(tags);
    captions = Map.copyOf(captions);
    labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
  }

  /** An entry with nothing but its file (split {@code train}). */
  public static CatalogEntry of(Path audio) {
    return new CatalogEntry(audio, List.of(), Map.of(), Catalog.DEFAULT_SPLIT, Map.of());
  }
}
