package ai.muq.inference;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which model bundles to serve ({@code muq.bundles}).
 *
 * @param bundles bundle directories (each holding a {@code bundle.json}); empty means the default
 *     bundle embedded on the classpath under {@code bundles/default/}, extracted to a temporary
 *     directory at start
 */
@ConfigurationProperties("muq")
public record BundleProperties(@DefaultValue List<String> bundles) {

  public BundleProperties {
    bundles = bundles == null ? List.of() : List.copyOf(bundles);
  }
}
