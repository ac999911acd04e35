package ai.muq.deploy;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Renders helm/muq-service with the real Helm library and parses the result into typed objects. */
final class HelmChart {

  static final String RELEASE = "muq";
  static final String NAMESPACE = "music";
  /** Kubernetes version rendered against: the oldest the chart supports (Chart.yaml kubeVersion). */
  static final String KUBE_VERSION = "1.25.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private HelmChart() {}

  /** {@code helm template} with the chart's values plus the given files, in order. */
  static String template(Path... valuesFiles) {
    var command = new Helm(RepoPaths.chart()).template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    for (Path file : valuesFiles) {
      command = command.withValuesFile(file);
    }
    return command.call();
  }

  /** Every manifest of a rendered chart; custom resources become GenericKubernetesResource. */
  static List<HasMetadata> parse(String rendered) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(rendered)) {
      boolean empty = document.lines().map(String::strip)
          .allMatch(line -> line.isEmpty() || line.startsWith("#"));
      if (!empty) {
        objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  static List<HasMetadata> render(Path... valuesFiles) {
    return parse(template(valuesFiles));
  }

  static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
    }
    return found.getFirst();
  }
}
