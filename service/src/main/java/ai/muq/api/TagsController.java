package ai.muq.api;

import ai.muq.audio.AudioException;
import ai.muq.inference.ServedModel;
import ai.muq.tagging.TagMode;
import ai.muq.tagging.TagResult;
import ai.muq.tagging.TagScore;
import ai.muq.tagging.Tagger;
import ai.muq.tagging.Vocabulary;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /v1/audio/tags}: zero-shot tagging. */
@RestController
public class TagsController {

  /** Most labels in one request. */
  static final int MAX_LABELS = 1000;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TagResponse(
      String object, String model, String mode, double durationSeconds, List<TagScore> tags,
      List<TagResult.Segment> segments) {}

  private final ServedModels models;
  private final AudioInput audio;
  private final Tagger tagger;
  private final ApiMetrics metrics;

  public TagsController(ServedModels models, AudioInput audio, Tagger tagger, ApiMetrics metrics) {
    this.models = models;
    this.audio = audio;
    this.tagger = tagger;
    this.metrics = metrics;
  }

  @PostMapping(
      path = "/v1/audio/tags",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public TagResponse tag(
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "model", required = false) String modelName,
      @RequestParam(name = "labels", required = false) List<String> labels,
      @RequestParam(name = "vocabulary", required = false) String vocabulary,
      @RequestParam(name = "prompt", defaultValue = "{label} music") String prompt,
      @RequestParam(name = "top_k", defaultValue = "10") int topK,
      @RequestParam(name = "mode", defaultValue = "multi") String mode,
      @RequestParam(name = "timeline", defaultValue = "false") boolean timeline)
      throws AudioException {
    List<String> chosen = labels(labels, vocabulary);
    if (!prompt.contains(Tagger.PLACEHOLDER)) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'prompt' must contain {label}");
    }
    if (topK < 1 || topK > MAX_LABELS) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'top_k' must be within 1.." + MAX_LABELS);
    }
    TagMode tagMode = switch (mode.toLowerCase(Locale.ROOT)) {
      case "single" -> TagMode.SINGLE;
      case "multi" -> TagMode.MULTI;
      default -> throw new ApiException(ProblemType.INVALID_PARAMETER, "'mode' must be single or multi");
    };
    if (file == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the multipart part 'file' is missing");
    }
    ServedModel model = models.mulan(modelName);
    return metrics.time("audio_tags", model.name(), () -> {
      float[] wave = audio.fromUpload(file, model.manifest().sampleRate());
      TagResult r = tagger.tag(model, wave, chosen, prompt, tagMode, topK, timeline);
      return new TagResponse("audio.tags", model.name(), tagMode.name().toLowerCase(Locale.ROOT),
          (double) wave.length / model.manifest().sampleRate(), r.tags(),
          timeline ? r.segments() : null);
    });
  }

  static List<String> labels(List<String> labels, String vocabulary) {
    if (labels != null && vocabulary != null) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "give either 'labels' or 'vocabulary', not both");
    }
    if (vocabulary != null) {
      return Vocabulary.byId(vocabulary).map(Vocabulary::labels).orElseThrow(() ->
          new ApiException(ProblemType.UNKNOWN_VOCABULARY, "no vocabulary '" + vocabulary
              + "'; built-in: magnatagatune, genres, instruments, moods"));
    }
    if (labels == null) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "give 'labels' or a 'vocabulary'");
    }
    LinkedHashSet<String> distinct = new LinkedHashSet<>();
    for (String l : labels) {
      if (l != null && !l.isBlank()) {
        distinct.add(l.trim());
      }
    }
    if (distinct.isEmpty()) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'labels' must not be empty");
    }
    if (distinct.size() > MAX_LABELS) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "at most " + MAX_LABELS + " labels");
    }
    return new ArrayList<>(distinct);
  }
}
