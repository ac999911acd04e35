package ai.muq.eval;

import ai.muq.data.Catalog;
import ai.muq.data.CatalogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracks of an evaluation manifest, read by the trainer's {@link Catalog} (JSONL, CSV, or
 * MagnaTagATune's {@code annotations_final.csv} as distributed), with what evaluation adds:
 *
 * <ul>
 *   <li>Only the {@code topTags} most frequent tags are kept (50 on MagnaTagATune in the MuQ
 *       paper); ties broken by name.
 *   <li>Classification labels are the scalar labels (strings, numbers, booleans); arrays and
 *       objects (e.g. {@code families}) and identifiers (a label with a distinct value on nearly
 *       every track, e.g. MTAT's {@code clip_id}) are not classification targets.
 *   <li>Captions are the English ones.
 *   <li>When no track is in the {@code test} split (a manifest without splits), tracks are assigned
 *       70% train / 30% test deterministically from a hash of their path, so probing still has a
 *       held-out set. (A manifest that is all {@code test}, a held-out corpus, keeps its splits:
 *       zero-shot and retrieval use every track, and the probe splits by the same hash.)
 * </ul>
 */
public final class EvalManifest {

  private EvalManifest() {}

  /**
   * @param manifest the manifest file
   * @param audioRoot base of relative audio paths; null means the manifest's folder
   * @param topTags number of most frequent tags kept
   */
  public static List<EvalTrack> read(Path manifest, Path audioRoot, int topTags) throws IOException {
    if (!Files.isRegularFile(manifest)) {
      throw new IOException("no manifest file " + manifest);
    }
    if (topTags < 1) {
      throw new IllegalArgumentException("topTags must be >= 1");
    }
    List<CatalogEntry> entries;
    try {
      entries = Catalog.read(manifest);
    } catch (IllegalArgumentException e) {
      throw new IOException(manifest + ": " + e.getMessage(), e);
    }
    if (entries.isEmpty()) {
      throw new IOException("manifest " + manifest + " has no tracks");
    }
    Path base = manifest.toAbsolutePath().getParent();
    Map<String, Integer> tagCounts = new HashMap<>();
    entries.forEach(e -> e.tags().forEach(t -> tagCounts.merge(t, 1, Integer::sum)));
    Set<String> kept = new HashSet<>(tagCounts.keySet().stream()
        .sorted(Comparator.comparingInt((String t) -> -tagCounts.get(t)).thenComparing(t -> t))
        .limit(topTags).toList());
    Map<String, Set<String>> distinct = new HashMap<>();
    entries.forEach(e -> e.labels().forEach((k, v) -> {
      if (isScalar(v)) {
        distinct.computeIfAbsent(k, x -> new HashSet<>()).add(v.toString());
      }
    }));
    Set<String> identifiers = new HashSet<>();
    distinct.forEach((k, values) -> {
      if (entries.size() >= 2 && values.size() > 0.9 * entries.size()) {
        identifiers.add(k);
      }
    });
    boolean anyTest = entries.stream().anyMatch(e -> e.split().equals(EvalTrack.TEST));
    List<EvalTrack> out = new ArrayList<>();
    for (CatalogEntry e : entries) {
      Path audio = e.audio().toAbsolutePath();
      String id = audio.startsWith(base) ? base.relativize(audio).toString() : audio.toString();
      if (audioRoot != null && audio.startsWith(base)) {
        audio = audioRoot.resolve(base.relativize(audio));
      }
      Map<String, String> labels = new LinkedHashMap<>();
      e.labels().forEach((k, v) -> {
        if (isScalar(v) && !identifiers.contains(k)) {
          labels.put(k, v.toString());
        }
      });
      String split = anyTest ? e.split() : hashSplit(id);
      out.add(new EvalTrack(id, audio, e.tags().stream().filter(kept::contains).toList(),
          e.captions().getOrDefault("en", List.of()), split, labels));
    }
    return out;
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }

  /** The deterministic 70/30 train/test assignment of a track id. */
  static String hashSplit(String id) {
    return Math.floorMod(id.hashCode() * 0x9E3779B1, 10) < 7 ? EvalTrack.TRAIN : EvalTrack.TEST;
  }
}
