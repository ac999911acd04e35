package ai.muq.library;

import java.util.List;
import java.util.Map;

/**
 * A partial metadata update with JSON-merge-patch semantics: a null field leaves the stored value
 * unchanged, tags replace the stored list, attributes merge key by key and a null attribute value
 * removes that key.
 */
public record MetadataPatch(String title, String artist, List<String> tags, Map<String, String> attributes) {}
