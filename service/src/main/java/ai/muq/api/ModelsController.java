package ai.muq.api;

import ai.muq.inference.ModelRegistry;
import ai.muq.inference.ServedModel;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models} and {@code GET /v1/models/{id}}. */
@RestController
public class ModelsController {

  /**
   * One loaded model as the API shows it; {@code license} and {@code licenseNotes} are the
   * bundle's (NOASSERTION for a bundle that states no licence).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelInfo(
      String id, String object, long created, String ownedBy, String kind, String bundleId, int sampleRate,
      double clipSeconds, int embeddingDim, int hiddenDim, int numHiddenStates, double frameRate,
      double temperature, String textInput, Integer maxTokens, String executionProvider,
      List<String> capabilities, String license, String licenseNotes) {}

  public record ModelList(String object, List<ModelInfo> data) {}

  private final ModelRegistry registry;
  private final ServedModels models;

  public ModelsController(ModelRegistry registry, ServedModels models) {
    this.registry = registry;
    this.models = models;
  }

  @GetMapping(path = "/v1/models", produces = MediaType.APPLICATION_JSON_VALUE)
  public ModelList list() {
    return new ModelList("list", registry.models().stream().map(ModelsController::info).toList());
  }

  /**
   * {@code GET /v1/models/{id}} as OpenAI answers it (the list's entry for that model); an id may
   * also be a kind, as in requests. Unknown ids are a 404 {@code unknown-model} problem.
   */
  @GetMapping(path = "/v1/models/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  public ModelInfo retrieve(@PathVariable("id") String id) {
    return info(models.any(id));
  }

  static ModelInfo info(ServedModel m) {
    var b = m.manifest();
    return new ModelInfo(
        m.name(), "model", m.loadedAt().getEpochSecond(), "muq", b.kind(), b.id(), b.sampleRate(), b.clipSeconds(),
        b.embeddingDim(), b.hiddenDim(), b.numHiddenStates(), b.frameRate(), b.temperature(),
        b.text() == null ? null : b.text().input(), m.hasMulan() ? m.maxTokens() : null,
        m.provider().name(), capabilities(m), b.license(), b.licenseNotes());
  }

  /** What the model can be asked for: audio_embedding and text_embedding (MuLan), hidden_states. */
  static List<String> capabilities(ServedModel m) {
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
