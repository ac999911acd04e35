package ai.muq.inference;

import ai.muq.bundle.BundleException;
import ai.muq.bundle.BundleManifest;
import ai.muq.hub.DownloadProgress;
import ai.muq.hub.HubClient;
import ai.muq.hub.HubRef;
import ai.muq.hub.HubSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this service serves, loaded at start from {@code muq.bundles} (or the default bundle
 * on the classpath). An {@code hf:} entry is downloaded and converted first when its bundle is not
 * in {@code muq.model-cache} yet (see {@link HubBundles}); one that cannot be fetched or converted
 * stops the start with one log line. A bundle directory that cannot be served is refused with one
 * log line and the others still load; with none loaded the service refuses to start (unless {@code
 * muq.inference.fail-on-no-model=false}).
 */
public final class ModelRegistry implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

  /** Where the embedded default bundle sits on the classpath. */
  public static final String DEFAULT_BUNDLE_RESOURCE = "bundles/default/";

  private final Map<String, ServedModel> models = new LinkedHashMap<>();
  private final OrtRuntime runtime;

  public ModelRegistry(
      BundleProperties bundles,
      InferenceProperties props,
      OrtRuntime runtime,
      MeterRegistry registry) {
    this(bundles, props, runtime, registry, HubSettings.fromEnvironment());
  }

  /** As above, with the hub settings given instead of read from the HF_* environment. */
  ModelRegistry(
      BundleProperties bundles,
      InferenceProperties props,
      OrtRuntime runtime,
      MeterRegistry registry,
      HubSettings hubSettings) {
    this.runtime = runtime;
    List<Path> dirs = new ArrayList<>();
    if (bundles.bundles().isEmpty()) {
      Path extracted = extractDefaultBundle();
      if (extracted != null) {
        dirs.add(extracted);
      }
    } else {
      HubBundles hub = null;
      for (String b : bundles.bundles()) {
        if (!HubRef.isHubRef(b)) {
          dirs.add(Path.of(b).toAbsolutePath());
          continue;
        }
        try {
          if (hub == null) {
            hub = new HubBundles(Path.of(bundles.modelCache()), new HubClient(hubSettings,
                DownloadProgress.lines(log::info), log::warn), log::info);
          }
          dirs.add(hub.locate(HubRef.parse(b)).toAbsolutePath());
        } catch (IOException | IllegalArgumentException e) {
          // A hub model that cannot be fetched or converted stops the start: the operator asked for it.
          log.error("Refusing bundle {}: {}", b, e.getMessage());
          throw new IllegalStateException("cannot serve " + b + ": " + e.getMessage());
        }
      }
    }
    for (Path dir : dirs) {
      try {
        ServedModel model = ServedModel.load(dir, runtime, props.batching().settings(), registry);
        if (models.containsKey(model.name())) {
          model.close();
          log.error("Refusing bundle {}: a model named {} is already loaded", dir, model.name());
          continue;
        }
        models.put(model.name(), model);
        Gauge.builder("muq.inference.execution.provider", () -> 1)
            .description("The execution provider running a model (value 1, provider in a tag)")
            .tags("model", model.name(), "provider", model.provider().name())
            .register(registry);
        log.info("Loaded model {} (kind {}, id {}) from {} on {}",
            model.name(), model.kind(), model.manifest().id(), dir, model.provider());
      } catch (BundleRefusedException e) {
        log.error(BundleException.refusal(dir, e.getMessage()));
      }
    }
    Gauge.builder("muq.inference.models", models, Map::size)
        .description("Models loaded").register(registry);
    if (models.isEmpty() && props.failOnNoModel()) {
      throw new IllegalStateException(
          "no model bundle could be loaded (muq.bundles=" + bundles.bundles() + ")");
    }
  }

  /** Extracts {@code bundles/default/} from the classpath to a temporary directory, or null. */
  private static Path extractDefaultBundle() {
    ClassLoader cl = ModelRegistry.class.getClassLoader();
    try (InputStream manifestIn = cl.getResourceAsStream(DEFAULT_BUNDLE_RESOURCE + BundleManifest.FILE_NAME)) {
      if (manifestIn == null) {
        log.error("Refusing bundle classpath:{}: no default bundle is packaged; set muq.bundles",
            DEFAULT_BUNDLE_RESOURCE);
        return null;
      }
      Path dir = Files.createTempDirectory("muq-default-bundle");
      dir.toFile().deleteOnExit();
      Files.write(dir.resolve(BundleManifest.FILE_NAME), manifestIn.readAllBytes());
      BundleManifest m = BundleManifest.read(dir);
      for (String file : m.files().keySet()) {
        Path target = dir.resolve(file).normalize();
        if (!target.startsWith(dir)) {
          throw new IOException("bundle file outside the bundle: " + file);
        }
        try (InputStream in = cl.getResourceAsStream(DEFAULT_BUNDLE_RESOURCE + file)) {
          if (in == null) {
            throw new IOException("default bundle file missing on the classpath: " + file);
          }
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
        target.toFile().deleteOnExit();
      }
      return dir;
    } catch (IOException | RuntimeException e) {
      log.error("Refusing bundle classpath:{}: {}", DEFAULT_BUNDLE_RESOURCE, e.getMessage());
      return null;
    }
  }

  public List<ServedModel> models() {
    return List.copyOf(models.values());
  }

  public ExecutionProvider provider() {
    return runtime.provider();
  }

  /**
   * The model called {@code nameOrKind}, or else the first model of that kind; with null, the
   * first model of {@code defaultKind}.
   */
  public Optional<ServedModel> find(String nameOrKind, String defaultKind) {
    String key = nameOrKind == null || nameOrKind.isBlank() ? defaultKind : nameOrKind;
    ServedModel byName = models.get(key);
    if (byName != null) {
      return Optional.of(byName);
    }
    return models.values().stream().filter(m -> m.kind().equals(key)).findFirst();
  }

  /** Total items waiting in every model's batchers. */
  public int queueDepth() {
    return models.values().stream().mapToInt(ServedModel::queueDepth).sum();
  }

  @Override
  public void close() {
    for (ServedModel m : models.values()) {
      m.close();
    }
  }
}
