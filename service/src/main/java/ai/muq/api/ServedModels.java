package ai.muq.api;

import ai.muq.bundle.BundleManifest;
import ai.muq.inference.ModelRegistry;
import ai.muq.inference.ServedModel;
import org.springframework.stereotype.Component;

/** Resolves the {@code model} of a request to a loaded model, or answers the right problem. */
@Component
public class ServedModels {

  private final ModelRegistry registry;

  public ServedModels(ModelRegistry registry) {
    this.registry = registry;
  }

  /** A model able to embed audio and text jointly (muq-mulan). */
  public ServedModel mulan(String requested) {
    ServedModel m = find(requested, BundleManifest.KIND_MUQ_MULAN);
    if (!m.hasMulan()) {
      throw new ApiException(ProblemType.MODEL_NOT_CAPABLE,
          "model " + m.name() + " is a " + m.kind() + " model; this needs a muq-mulan model");
    }
    return m;
  }

  /**
   * A model with a MuQ encoder (hidden states): the one named, or for {@code muq} (or nothing) the
   * first {@code muq} model, else the first model that carries an encoder.
   */
  public ServedModel encoder(String requested) {
    if (requested == null || requested.isBlank() || requested.equals(BundleManifest.KIND_MUQ)) {
      return registry.find(BundleManifest.KIND_MUQ, BundleManifest.KIND_MUQ)
          .or(() -> registry.models().stream().filter(ServedModel::hasEncoder).findFirst())
          .orElseThrow(() -> new ApiException(ProblemType.UNKNOWN_MODEL,
              "no model with a MuQ encoder is loaded; see GET /v1/models"));
    }
    ServedModel m = find(requested, BundleManifest.KIND_MUQ);
    if (!m.hasEncoder()) {
      throw new ApiException(ProblemType.MODEL_NOT_CAPABLE,
          "model " + m.name() + " has no MuQ encoder, so no hidden states");
    }
    return m;
  }

  /** Any model; with none named, the first muq-mulan model, else the first muq model. */
  public ServedModel any(String requested) {
    if (requested == null || requested.isBlank()) {
      return registry.find(null, BundleManifest.KIND_MUQ_MULAN)
          .or(() -> registry.find(null, BundleManifest.KIND_MUQ))
          .orElseThrow(() -> new ApiException(ProblemType.NOT_READY, "no model is loaded", 5L));
    }
    return find(requested, BundleManifest.KIND_MUQ_MULAN);
  }

  private ServedModel find(String requested, String defaultKind) {
    return registry.find(requested, defaultKind)
        .orElseThrow(() -> requested == null || requested.isBlank()
            ? new ApiException(ProblemType.NOT_READY, "no " + defaultKind + " model is loaded", 5L)
            : new ApiException(ProblemType.UNKNOWN_MODEL,
                "no model '" + requested + "' is loaded; see GET /v1/models"));
  }
}
