package ai.muq.api;

import ai.muq.audio.AudioException;
import ai.muq.bundle.Clips;
import ai.muq.math.VectorMath;
import ai.muq.inference.ServedModel;
import ai.muq.inference.TokenizedText;
import ai.muq.tagging.Tagger;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/similarity}: dot products between query and candidate embeddings. */
@RestController
public class SimilarityController {

  /** Exactly one of text or audio (a data URI). */
  public record Item(String text, String audio) {}

  public record SimilarityRequest(String model, List<Item> queries, List<Item> candidates) {}

  public record SimilarityResponse(String object, String model, double[][] scores) {}

  private final ServedModels models;
  private final AudioInput audio;
  private final ApiMetrics metrics;
  private final ApiProperties props;

  public SimilarityController(ServedModels models, AudioInput audio, ApiMetrics metrics, ApiProperties props) {
    this.models = models;
    this.audio = audio;
    this.metrics = metrics;
    this.props = props;
  }

  @PostMapping(
      path = "/v1/similarity",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public SimilarityResponse similarity(@RequestBody SimilarityRequest req) throws AudioException {
    if (req.queries() == null || req.queries().isEmpty()
        || req.candidates() == null || req.candidates().isEmpty()) {
      throw new ApiException(ProblemType.INVALID_PARAMETER,
          "'queries' and 'candidates' must both be non-empty lists");
    }
    List<Item> all = new ArrayList<>(req.queries());
    all.addAll(req.candidates());
    if (all.size() > props.maxInputs()) {
      throw new ApiException(ProblemType.INVALID_PARAMETER,
          "at most " + props.maxInputs() + " queries and candidates in all");
    }
    for (Item it : all) {
      boolean hasText = it != null && it.text() != null;
      boolean hasAudio = it != null && it.audio() != null;
      if (hasText == hasAudio) {
        throw new ApiException(ProblemType.INVALID_PARAMETER,
            "each query and candidate needs exactly one of 'text' or 'audio'");
      }
      if (hasText && it.text().isBlank()) {
        throw new ApiException(ProblemType.INVALID_PARAMETER, "'text' must not be empty");
      }
    }
    ServedModel model = models.mulan(req.model());
    return metrics.time("similarity", model.name(), () -> {
      List<float[]> vectors = embed(model, all);
      int q = req.queries().size();
      double[][] scores = new double[q][req.candidates().size()];
      for (int i = 0; i < q; i++) {
        for (int j = 0; j < scores[i].length; j++) {
          scores[i][j] = VectorMath.dot(vectors.get(i), vectors.get(q + j));
        }
      }
      return new SimilarityResponse("similarity", model.name(), scores);
    });
  }

  private List<float[]> embed(ServedModel model, List<Item> items) throws AudioException {
    List<Integer> textIdx = new ArrayList<>();
    List<TokenizedText> texts = new ArrayList<>();
    List<Integer> audioIdx = new ArrayList<>();
    List<float[]> waves = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Item it = items.get(i);
      if (it.text() != null) {
        textIdx.add(i);
        texts.add(model.tokenize(it.text()));
      } else {
        audioIdx.add(i);
        waves.add(audio.fromUri(it.audio(), model.manifest().sampleRate()));
      }
    }
    float[][] out = new float[items.size()][];
    if (!texts.isEmpty()) {
      List<float[]> e = model.textEmbeddings(texts);
      for (int k = 0; k < e.size(); k++) {
        out[textIdx.get(k)] = e.get(k);
      }
    }
    if (!waves.isEmpty()) {
      List<List<float[]>> clips = model.clipEmbeddings(waves);
      for (int k = 0; k < clips.size(); k++) {
        out[audioIdx.get(k)] = Clips.mean(clips.get(k));
      }
    }
    return List.of(out);
  }
}
