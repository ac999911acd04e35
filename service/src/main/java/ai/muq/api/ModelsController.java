package ai.muq.api;

import ai.muq.bundle.BundleManifest;
import ai.muq.inference.ModelRegistry;
import ai.muq.inference.MuqModel;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}. */
@RestController
public class ModelsController {

  /** One loaded model as the API shows it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelInfo(
      String id, String object, String ownedBy, String kind, String bundleId, int sampleRate,
      double clipSeconds, int embeddingDim, int hiddenDim, int numHiddenStates, double frameRate,
      double temperature, String textInput, Integer maxTokens, String executionProvider,
      List<String> capabilities, BundleManifest.Source source, String license) {}

  public record ModelList(String object, List<ModelInfo> data) {}

  private final ModelRegistry registry;

  public ModelsController(ModelRegistry registry) {
    this.registry = registry;
  }

  @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
  public ModelList list() {
    return new ModelList("list", registry.models().stream().map(ModelsController::info).toList());
  }

  static ModelInfo info(MuqModel m) {
    var b = m.manifest();
    return new ModelInfo(
        m.name(), "model", "muq", b.kind(), b.id(), b.sampleRate(), b.clipSeconds(),
        b.embeddingDim(), b.hiddenDim(), b.numHiddenStates(), b.frameRate(), b.temperature(),
        b.text() == null ? null : b.text().input(), m.hasMulan() ? m.maxTokens() : null,
        m.provider().name(), capabilities(m), b.source(), b.license());
  }

  /** What the model can be asked for: audio_embedding and text_embedding (MuLan), hidden_states. */
  static List<String> capabilities(MuqModel m) {
    List<String> c = new java.util.ArrayList<>();
    if (m.hasMulan()) {
      c.add("audio_embedding");
      c.add("text_embedding");
    }
    if (m.hasEncoder()) {
      c.add("hidden_states");
    }
    return c;
  }
}
