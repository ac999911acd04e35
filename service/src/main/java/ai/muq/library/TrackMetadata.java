package ai.muq.library;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * User-facing description of a track. Tags keep their order without duplicates; attributes are
 * free string key/value pairs, kept sorted by key so that stored and returned forms are stable.
 *
 * @param title display title, may be null
 * @param artist artist name, may be null; filters compare it exactly
 * @param tags tags, never null (possibly empty)
 * @param attributes free attributes, never null (possibly empty)
 */
public record TrackMetadata(String title, String artist, List<String> tags, Map<String, String> attributes) {

  public static final TrackMetadata EMPTY = new TrackMetadata(null, null, List.of(), Map.of());

  public TrackMetadata {
    if (tags != null && tags.stream().anyMatch(tag -> tag == null || tag.isBlank())) {
      throw new IllegalArgumentException("tags must not be null or blank");
    }
    tags = tags == null ? List.of() : tags.stream().distinct().toList();
    TreeMap<String, String> sorted = new TreeMap<>();
    if (attributes != null) {
      attributes.forEach((key, value) -> {
        if (key == null || key.isBlank() || value == null) {
          throw new IllegalArgumentException("attribute keys must be non-blank and values non-null");
        }
        sorted.put(key, value);
      });
    }
    attributes = java.util.Collections.unmodifiableSortedMap(sorted);
  }

  /** Applies a patch: present fields replace, attributes merge (a null value removes the key). */
  public TrackMetadata apply(MetadataPatch patch) {
    TreeMap<String, String> merged = new TreeMap<>(attributes);
    if (patch.attributes() != null) {
      patch.attributes().forEach((key, value) -> {
        if (value == null) {
          merged.remove(key);
        } else {
          merged.put(key, value);
        }
      });
    }
    return new TrackMetadata(
        patch.title() != null ? patch.title() : title,
        patch.artist() != null ? patch.artist() : artist,
        patch.tags() != null ? patch.tags() : tags,
        merged);
  }
}
