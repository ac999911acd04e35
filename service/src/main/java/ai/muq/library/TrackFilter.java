package ai.muq.library;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Conditions a search hit must meet; all present conditions must hold. Comparisons are exact and
 * case-sensitive.
 *
 * @param tagsAll every one of these tags must be present
 * @param tagsAny at least one of these tags must be present (ignored when empty)
 * @param artist the artist must equal this, when not null
 * @param attributes each attribute must equal the given value
 * @param excludeIds tracks never returned (e.g. the query track of "more like this")
 */
public record TrackFilter(
    List<String> tagsAll, List<String> tagsAny, String artist, Map<String, String> attributes, Set<String> excludeIds) {

  public static final TrackFilter NONE = new TrackFilter(null, null, null, null, null);

  public TrackFilter {
    tagsAll = tagsAll == null ? List.of() : List.copyOf(tagsAll);
    tagsAny = tagsAny == null ? List.of() : List.copyOf(tagsAny);
    attributes = attributes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(attributes));
    excludeIds = excludeIds == null ? Set.of() : Set.copyOf(excludeIds);
  }

  public boolean isEmpty() {
    return tagsAll.isEmpty() && tagsAny.isEmpty() && artist == null && attributes.isEmpty() && excludeIds.isEmpty();
  }

  /** Whether a track passes; the reference semantics every index implementation must match. */
  public boolean matches(TrackInfo track) {
    TrackMetadata m = track.metadata();
    if (excludeIds.contains(track.id())) {
      return false;
    }
    if (!m.tags().containsAll(tagsAll)) {
      return false;
    }
    if (!tagsAny.isEmpty() && tagsAny.stream().noneMatch(m.tags()::contains)) {
      return false;
    }
    if (artist != null && !artist.equals(m.artist())) {
      return false;
    }
    return attributes.entrySet().stream().allMatch(e -> e.getValue().equals(m.attributes().get(e.getKey())));
  }

  public TrackFilter excluding(String id) {
    Set<String> ids = new java.util.HashSet<>(excludeIds);
    ids.add(id);
    return new TrackFilter(tagsAll, tagsAny, artist, attributes, ids);
  }
}
