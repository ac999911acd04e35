package ai.muq.inference;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model bundles to serve ({@code muq.bundles}).
 *
 * @param bundles bundle directories (each holding a {@code bundle.json}); empty means the default
 *     bundle embedded on the classpath under {@code bundles/default/}, extracted to a temporary
 *     directory at start; an entry {@code hf:OWNER/NAME[@REVISION]} is the bundle converted from
 *     that hub model, found in {@code modelCache} by repo and commit
 * @param modelCache {@code muq.model-cache}: where bundles converted from hub models live
 */
@ConfigurationProperties("muq")
public record BundleProperties(
    @DefaultValue List<String> bundles, @DefaultValue("./data/models") String modelCache) {

  public BundleProperties {
    bundles = bundles == null ? List.of() : List.copyOf(bundles);
    modelCache = modelCache == null || modelCache.isBlank() ? "./data/models" : modelCache;
  }
}
