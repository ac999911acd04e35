package ai.muq.api;

import ai.muq.audio.AudioException;
import ai.muq.bundle.BundleManifest;
import ai.muq.bundle.Clips;
import ai.muq.inference.HiddenStates;
import ai.muq.inference.ServedModel;
import ai.muq.inference.TokenizedText;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /v1/embeddings} (OpenAI-compatible) and {@code POST /v1/audio/embeddings}. */
@RestController
public class EmbeddingsController {

  /**
   * The OpenAI embeddings request; {@code input} is a string or a list of strings. {@code user}
   * (OpenAI's end-user id for abuse monitoring) is accepted and not used; {@code dimensions} is
   * honoured only when it equals the model's embedding size (see {@link #checkDimensions}).
   */
  public record EmbeddingRequest(
      String model, Object input, String encodingFormat, String user, Integer dimensions) {}

  public record EmbeddingData(String object, int index, Object embedding) {}

  public record Usage(int promptTokens, int totalTokens) {}

  public record EmbeddingResponse(String object, List<EmbeddingData> data, String model, Usage usage) {}

  public record ClipEmbedding(int index, double start, double end, Tensor embedding) {}

  public record HiddenState(int layer, Tensor tensor) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AudioEmbeddingResponse(
      String object, String model, String kind, double durationSeconds, int sampleRate,
      Tensor embedding, List<ClipEmbedding> clips, List<HiddenState> hiddenStates, String pooling,
      Double frameRate, double[] frameTimes) {}

  private final ServedModels models;
  private final AudioInput audio;
  private final ApiMetrics metrics;
  private final ApiProperties props;

  public EmbeddingsController(ServedModels models, AudioInput audio, ApiMetrics metrics, ApiProperties props) {
    this.models = models;
    this.audio = audio;
    this.metrics = metrics;
    this.props = props;
  }

  @PostMapping(
      path = "/v1/embeddings",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public EmbeddingResponse embeddings(@RequestBody EmbeddingRequest req) throws AudioException {
    if (req.model() == null || req.model().isBlank()) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the field 'model' is required");
    }
    List<String> inputs = inputs(req.input(), props.maxInputs());
    boolean base64 = encodingFormat(req.encodingFormat(), false);
    ServedModel model = models.mulan(req.model());
    checkDimensions(req.dimensions(), model);
    return metrics.time("embeddings", model.name(), () -> embed(model, inputs, base64));
  }

  /**
   * OpenAI's {@code dimensions} asks for embeddings shortened to that length, which is only sound
   * for models trained for it (Matryoshka representation learning). MuQ-MuLan was not: a prefix of
   * its joint embedding is not a usable embedding. So only the model's own size is honoured;
   * anything else is refused rather than silently ignored.
   */
  static void checkDimensions(Integer dimensions, ServedModel model) {
    if (dimensions == null) {
      return;
    }
    int dim = model.manifest().embeddingDim();
    if (dimensions < 1) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'dimensions' must be positive");
    }
    if (dimensions != dim) {
      throw new ApiException(ProblemType.UNSUPPORTED_PARAMETER,
          "model " + model.name() + " gives " + dim + "-dimensional embeddings only; 'dimensions' "
              + dimensions + " is not supported (the model was not trained for shortened embeddings)");
    }
  }

  private EmbeddingResponse embed(ServedModel model, List<String> inputs, boolean base64)
      throws AudioException {
    List<Integer> textIdx = new ArrayList<>();
    List<TokenizedText> texts = new ArrayList<>();
    List<Integer> audioIdx = new ArrayList<>();
    List<float[]> waves = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      if (AudioInput.isDataUri(in)) {
        audioIdx.add(i);
        waves.add(audio.fromUri(in, model.manifest().sampleRate()));
      } else {
        TokenizedText t = model.tokenize(in);
        tokens += t.length();
        textIdx.add(i);
        texts.add(t);
      }
    }
    float[][] vectors = new float[inputs.size()][];
    if (!texts.isEmpty()) {
      List<float[]> e = model.textEmbeddings(texts);
      for (int k = 0; k < e.size(); k++) {
        vectors[textIdx.get(k)] = e.get(k);
      }
    }
    if (!waves.isEmpty()) {
      List<List<float[]>> clips = model.clipEmbeddings(waves);
      for (int k = 0; k < clips.size(); k++) {
        vectors[audioIdx.get(k)] = Clips.mean(clips.get(k));
      }
    }
    List<EmbeddingData> data = new ArrayList<>(inputs.size());
    for (int i = 0; i < vectors.length; i++) {
      data.add(new EmbeddingData("embedding", i, base64 ? Tensor.base64(vectors[i]) : vectors[i]));
    }
    return new EmbeddingResponse("list", data, model.name(), new Usage(tokens, tokens));
  }

  static List<String> inputs(Object input, int maxInputs) {
    List<String> out = new ArrayList<>();
    if (input instanceof String s) {
      out.add(s);
    } else if (input instanceof List<?> list) {
      if (isTokenArray(list)
          || (!list.isEmpty() && list.stream().allMatch(EmbeddingsController::isTokenArray))) {
        throw new ApiException(ProblemType.UNSUPPORTED_PARAMETER,
            "token arrays as 'input' are not accepted: OpenAI's token ids mean nothing to this"
                + " model's tokenizer; send the texts as strings");
      }
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw new ApiException(ProblemType.MALFORMED_REQUEST,
              "'input' must be a string or an array of strings");
        }
        out.add(s);
      }
    } else {
      throw new ApiException(ProblemType.MALFORMED_REQUEST,
          "'input' must be a string or an array of strings");
    }
    if (out.isEmpty()) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'input' must not be empty");
    }
    if (out.size() > maxInputs) {
      throw new ApiException(ProblemType.INVALID_PARAMETER,
          "'input' has " + out.size() + " items, at most " + maxInputs + " are accepted");
    }
    for (String s : out) {
      if (s.isBlank()) {
        throw new ApiException(ProblemType.INVALID_PARAMETER, "'input' must not contain empty strings");
      }
    }
    return out;
  }

  /** A non-empty list of integers, OpenAI's pre-tokenized input. */
  private static boolean isTokenArray(Object o) {
    return o instanceof List<?> l && !l.isEmpty()
        && l.stream().allMatch(e -> e instanceof Integer || e instanceof Long);
  }

  /** True for base64; npy only where allowed. */
  private static boolean encodingFormat(String f, boolean npyAllowed) {
    if (f == null || f.equals("float")) {
      return false;
    }
    if (f.equals("base64")) {
      return true;
    }
    if (npyAllowed && f.equals("npy")) {
      return false;
    }
    throw new ApiException(ProblemType.INVALID_PARAMETER,
        "'encoding_format' must be float or base64" + (npyAllowed ? " or npy" : ""));
  }

  @PostMapping(
      path = "/v1/audio/embeddings",
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = {MediaType.APPLICATION_JSON_VALUE, Npy.MEDIA_TYPE})
  public ResponseEntity<?> audioEmbedding(
      @RequestPart(name = "file", required = false) MultipartFile file,
      @RequestParam(name = "model", required = false) String modelName,
      @RequestParam(name = "layers", required = false) String layers,
      @RequestParam(name = "pooling", required = false) String pooling,
      @RequestParam(name = "per_clip", defaultValue = "false") boolean perClip,
      @RequestParam(name = "encoding_format", required = false) String encodingFormat,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept)
      throws AudioException {
    boolean base64 = encodingFormat(encodingFormat, true);
    boolean npy = "npy".equals(encodingFormat)
        || (accept != null && accept.contains(Npy.MEDIA_TYPE) && !accept.contains("json"));
    String pool = pooling == null ? "mean" : pooling.toLowerCase(Locale.ROOT);
    if (!List.of("mean", "max", "none").contains(pool)) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'pooling' must be mean, max or none");
    }
    if (file == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the multipart part 'file' is missing");
    }
    // model=muq (or a muq bundle, or layers/pooling asked of a MuLan bundle that carries its
    // encoder) gives hidden states; a muq-mulan model gives its joint embedding.
    ServedModel named = BundleManifest.KIND_MUQ.equals(modelName) ? null : models.any(modelName);
    boolean wantsHidden = named == null || !named.hasMulan() || layers != null || pooling != null;
    if (!wantsHidden) {
      ServedModel model = named;
      return metrics.time("audio_embeddings", model.name(),
          () -> mulan(model, audio.fromUpload(file, model.manifest().sampleRate()), perClip, base64, npy));
    }
    if (perClip) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, "'per_clip' applies to muq-mulan embeddings");
    }
    ServedModel model = named == null ? models.encoder(null) : models.encoder(named.name());
    int[] chosen;
    try {
      chosen = HiddenStates.parseLayers(layers, model.manifest().numHiddenStates());
    } catch (IllegalArgumentException e) {
      throw new ApiException(ProblemType.INVALID_PARAMETER, e.getMessage());
    }
    return metrics.time("audio_embeddings", model.name(),
        () -> hidden(model, audio.fromUpload(file, model.manifest().sampleRate()), chosen, pool, base64, npy));
  }

  private static ResponseEntity<?> mulan(
      ServedModel model, float[] wave, boolean perClip, boolean base64, boolean npy) {
    List<float[]> clips = model.clipEmbeddings(wave);
    float[] mean = Clips.mean(clips);
    int dim = mean.length;
    int rate = model.manifest().sampleRate();
    if (npy) {
      byte[] body = perClip
          ? Npy.float32(Tensor.flatten(clips.toArray(new float[0][])), clips.size(), dim)
          : Npy.float32(mean, dim);
      return ResponseEntity.ok().contentType(MediaType.parseMediaType(Npy.MEDIA_TYPE)).body(body);
    }
    List<ClipEmbedding> clipList = null;
    if (perClip) {
      clipList = new ArrayList<>();
      double clipSeconds = model.manifest().clipSeconds();
      double duration = (double) wave.length / rate;
      for (int i = 0; i < clips.size(); i++) {
        Clips.Span span = Clips.Span.of(i, clipSeconds, duration);
        clipList.add(new ClipEmbedding(i, span.start(), span.end(), Tensor.of(clips.get(i), base64, dim)));
      }
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(
        new AudioEmbeddingResponse("audio.embedding", model.name(), model.kind(),
            (double) wave.length / rate, rate, Tensor.of(mean, base64, dim), clipList, null, null,
            null, null));
  }

  private static ResponseEntity<?> hidden(
      ServedModel model, float[] wave, int[] layers, String pooling, boolean base64, boolean npy) {
    float[][][] states = model.hiddenStates(wave, layers);
    int frames = states[0].length;
    int dim = model.manifest().hiddenDim();
    double frameRate = model.manifest().frameRate();
    List<float[]> perLayer = new ArrayList<>(layers.length);
    for (float[][] layer : states) {
      perLayer.add(switch (pooling) {
        case "mean" -> HiddenStates.pool(layer, false);
        case "max" -> HiddenStates.pool(layer, true);
        default -> Tensor.flatten(layer);
      });
    }
    boolean pooled = !pooling.equals("none");
    if (npy) {
      float[] all = Tensor.flatten(perLayer.toArray(new float[0][]));
      byte[] body = pooled
          ? Npy.float32(all, layers.length, dim)
          : Npy.float32(all, layers.length, frames, dim);
      return ResponseEntity.ok().contentType(MediaType.parseMediaType(Npy.MEDIA_TYPE))
          .header("X-Frame-Rate", Double.toString(frameRate)).body(body);
    }
    List<HiddenState> hs = new ArrayList<>(layers.length);
    for (int i = 0; i < layers.length; i++) {
      hs.add(new HiddenState(layers[i], pooled
          ? Tensor.of(perLayer.get(i), base64, dim)
          : Tensor.of(perLayer.get(i), base64, frames, dim)));
    }
    double[] times = null;
    if (!pooled) {
      times = new double[frames];
      for (int f = 0; f < frames; f++) {
        times[f] = f / frameRate;
      }
    }
    int rate = model.manifest().sampleRate();
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(
        new AudioEmbeddingResponse("audio.embedding", model.name(), model.kind(),
            (double) wave.length / rate, rate, null, null, hs, pooling, frameRate, times));
  }
}
