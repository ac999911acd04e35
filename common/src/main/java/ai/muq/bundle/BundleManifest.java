package ai.muq.bundle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code bundle.json} manifest that sits beside a model bundle's ONNX files. The trainer writes
 * it on export or import; the service loads bundles by it and nothing else.
 *
 * <p>Graph roles (keys of {@link #graphs()}):
 *
 * <ul>
 *   <li>{@code muq_encoder}: input {@code waveform} float32 [batch, samples] at {@link
 *       #sampleRate()}; outputs {@code hidden_state_0} .. {@code hidden_state_L}, each [batch,
 *       frames, hidden_dim], fetchable one at a time.
 *   <li>{@code mulan_audio}: input {@code waveform} [batch, clip_samples]; output {@code embedding}
 *       [batch, embedding_dim], unit norm.
 *   <li>{@code mulan_text}: inputs per {@link Text#input()}: {@code token_ids} means {@code
 *       input_ids} and {@code attention_mask} int64 [batch, tokens]; {@code hidden_states} means
 *       {@code hidden_states} float32 [batch, tokens, backbone_dim] from the backbone graph plus
 *       {@code attention_mask}; output {@code embedding} [batch, embedding_dim], unit norm.
 *   <li>{@code text_backbone}: optional, a text encoder graph with {@code input_ids}, {@code
 *       attention_mask} (and {@code token_type_ids}) giving {@code last_hidden_state}.
 * </ul>
 *
 * @param formatVersion manifest format, currently 1
 * @param kind {@code muq} (features only) or {@code muq-mulan} (joint music-text embedding)
 * @param name model name shown to users, e.g. {@code muq-mulan-small}
 * @param id identity of the weights: vectors made by different ids are never compared
 * @param config the model configuration the graphs were exported from, as the trainer names it
 * @param sampleRate waveform rate in Hz (24000)
 * @param clipSeconds length of one MuLan clip in seconds (10)
 * @param mel mel statistics baked into the graphs (documentation; the graphs normalise)
 * @param embeddingDim joint embedding size (0 for {@code muq})
 * @param hiddenDim MuQ hidden size D
 * @param numHiddenStates L + 1
 * @param frameRate MuQ token rate in Hz (25)
 * @param temperature contrastive temperature (logit scale) for single-label softmax tagging
 * @param opset ONNX opset of every graph
 * @param graphs graph role to file name
 * @param text the text side of a MuQ-MuLan bundle, null for {@code muq}
 * @param files every file of the bundle with its sha256 and size, verified on load
 * @param producer what wrote the bundle
 * @param license licence of the weights: an SPDX id (e.g. {@code CC-BY-NC-4.0}) or a short text;
 *     {@value #LICENSE_NOT_STATED} when the bundle states none (bundles written before the field)
 * @param licenseNotes the licences of the training data and anything else a user must know, in
 *     one line; null when not stated
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
    int formatVersion,
    String kind,
    String name,
    String id,
    Map<String, Object> config,
    int sampleRate,
    double clipSeconds,
    Mel mel,
    int embeddingDim,
    int hiddenDim,
    int numHiddenStates,
    double frameRate,
    double temperature,
    int opset,
    Map<String, String> graphs,
    Text text,
    Map<String, FileEntry> files,
    Map<String, String> producer,
    String license,
    String licenseNotes) {

  /** SPDX's word for "no licence stated": what a bundle without a {@code license} reports. */
  public static final String LICENSE_NOT_STATED = "NOASSERTION";

  public static final String FILE_NAME = "bundle.json";
  public static final String KIND_MUQ = "muq";
  public static final String KIND_MUQ_MULAN = "muq-mulan";
  public static final String GRAPH_MUQ_ENCODER = "muq_encoder";
  public static final String GRAPH_MULAN_AUDIO = "mulan_audio";
  public static final String GRAPH_MULAN_TEXT = "mulan_text";
  public static final String GRAPH_TEXT_BACKBONE = "text_backbone";
  private static final int DEFAULT_MAX_TOKENS = 512;
  /** Key in {@link #producer()}: the STFT front-end of the audio graphs, {@code conv} or {@code fft}. */
  public static final String PRODUCER_STFT = "stft";
  /** Key in {@link #producer()}: compute precision of the graphs, {@code fp32}, {@code fp16} or {@code int8}. */
  public static final String PRODUCER_PRECISION = "precision";

  /** Mel statistics used by the graphs' normalisation. */
  public record Mel(double mean, double std, int nMels, int nFft, int hop) {}

  /**
   * The text side.
   *
   * @param input {@code token_ids} or {@code hidden_states} (see the class comment)
   * @param tokenizer file name of a HuggingFace tokenizer.json in the bundle, or null when the
   *     backbone names a packaged one
   * @param backbone name of the text backbone, e.g. {@code bge-small-en-v1.5} or {@code
   *     xlm-roberta-base}
   * @param backboneSource where the backbone graph comes from when it is not a bundle file, e.g.
   *     {@code classpath:bge-small-en-v1.5.onnx} (shipped in a Maven jar)
   * @param backboneDim hidden size of the backbone
   * @param maxTokens longest token sequence the text graph accepts
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Text(
      String input,
      String tokenizer,
      String backbone,
      String backboneSource,
      int backboneDim,
      int maxTokens) {}

  /** One file of the bundle. */
  public record FileEntry(String sha256, long bytes) {}

  public BundleManifest {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(graphs, "graphs");
    files = files == null ? Map.of() : Map.copyOf(files);
    license = license == null || license.isBlank() ? LICENSE_NOT_STATED : license.strip();
    licenseNotes = licenseNotes == null || licenseNotes.isBlank() ? null : oneLine(licenseNotes);
  }

  /** A manifest stating no licence: what bundles read before {@code license} existed. */
  public BundleManifest(
      int formatVersion, String kind, String name, String id, Map<String, Object> config,
      int sampleRate, double clipSeconds, Mel mel, int embeddingDim, int hiddenDim,
      int numHiddenStates, double frameRate, double temperature, int opset,
      Map<String, String> graphs, Text text, Map<String, FileEntry> files,
      Map<String, String> producer) {
    this(formatVersion, kind, name, id, config, sampleRate, clipSeconds, mel, embeddingDim,
        hiddenDim, numHiddenStates, frameRate, temperature, opset, graphs, text, files, producer,
        null, null);
  }

  /** Returns a copy with the licence of the weights and the notes on the data's licences. */
  public BundleManifest withLicense(String license, String licenseNotes) {
    return new BundleManifest(
        formatVersion, kind, name, id, config, sampleRate, clipSeconds, mel, embeddingDim,
        hiddenDim, numHiddenStates, frameRate, temperature, opset, graphs, text, files, producer,
        license, licenseNotes);
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }

  /**
   * Checks the rules every bundle obeys before anything is opened: format version, identity,
   * sample rate, clip length, kind, listed files, and per kind the encoder sizes or the text side.
   * The service and {@code eval} refuse a bundle with this message.
   *
   * @throws BundleException naming the first rule broken, in one line
   */
  public void validate() throws BundleException {
    check(formatVersion == 1, "unsupported format_version " + formatVersion);
    check(name != null && !name.isBlank(), "no name");
    check(id != null && !id.isBlank(), "no id");
    check(sampleRate > 0, "sample_rate must be positive");
    check(clipSeconds > 0, "clip_seconds must be positive");
    check(KIND_MUQ.equals(kind) || KIND_MUQ_MULAN.equals(kind),
        "unknown kind '" + kind + "' (this service serves muq and muq-mulan)");
    check(!files.isEmpty(), "bundle.json lists no files to verify");
    if (KIND_MUQ.equals(kind) || graphs.containsKey(GRAPH_MUQ_ENCODER)) {
      check(hiddenDim > 0, "hidden_dim must be positive");
      check(numHiddenStates > 0, "num_hidden_states must be positive");
      check(frameRate > 0, "frame_rate must be positive");
    }
    if (KIND_MUQ_MULAN.equals(kind)) {
      check(embeddingDim > 0, "embedding_dim must be positive");
      check(text != null, "a muq-mulan bundle needs a text section");
      if (BundleTensors.TEXT_INPUT_TOKEN_IDS.equals(text.input())) {
        check(text.tokenizer() != null, "text input token_ids needs a tokenizer file");
      } else if (BundleTensors.TEXT_INPUT_HIDDEN_STATES.equals(text.input())) {
        String source = text.backboneSource();
        check(graphs.containsKey(GRAPH_TEXT_BACKBONE)
                || (source != null && source.startsWith(Bundle.CLASSPATH)),
            "text input hidden_states needs a text_backbone graph or a classpath: backbone_source");
        check(text.tokenizer() != null || (source != null && source.endsWith(".onnx")),
            "no tokenizer for the text backbone");
      } else {
        throw new BundleException("unknown text input mode '" + text.input() + "'");
      }
    }
  }

  /** Longest token sequence the text graph accepts: {@code text.max_tokens}, 512 when unset. */
  public int textMaxTokens() {
    return text != null && text.maxTokens() > 0 ? text.maxTokens() : DEFAULT_MAX_TOKENS;
  }

  /** Samples in one MuLan clip: {@code clip_seconds} at {@code sample_rate}. */
  public int clipSamples() {
    return (int) Math.round(clipSeconds * sampleRate);
  }

  private static void check(boolean ok, String reason) throws BundleException {
    if (!ok) {
      throw new BundleException(reason);
    }
  }

  /** The JSON mapper for manifests: snake_case, pretty-printed, unknown fields ignored. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  public static BundleManifest read(Path bundleDir) throws IOException {
    Path file = bundleDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + FILE_NAME + " in " + bundleDir);
    }
    return mapper().readValue(file.toFile(), BundleManifest.class);
  }

  public void write(Path bundleDir) throws IOException {
    Files.createDirectories(bundleDir);
    Path tmp = bundleDir.resolve(FILE_NAME + ".tmp");
    mapper().writeValue(tmp.toFile(), this);
    Files.move(
        tmp,
        bundleDir.resolve(FILE_NAME),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The audio graphs' STFT front-end: {@code conv} (a Conv1d with the DFT basis, cheap on a GPU)
   * or {@code fft} (a factored FFT, a tenth of the FLOPs, for CPUs). Bundles written before it
   * was recorded are {@code conv}.
   */
  public String stftFrontEnd() {
    return producer == null ? "conv" : producer.getOrDefault(PRODUCER_STFT, "conv");
  }

  /** Returns a copy whose {@link #files()} lists the given files of the bundle with fresh hashes. */
  public BundleManifest withFiles(Path bundleDir, Iterable<String> fileNames) throws IOException {
    Map<String, FileEntry> entries = new LinkedHashMap<>();
    for (String name : fileNames) {
      Path f = bundleDir.resolve(name);
      entries.put(name, new FileEntry(sha256(f), Files.size(f)));
    }
    return new BundleManifest(
        formatVersion, kind, name, id, config, sampleRate, clipSeconds, mel, embeddingDim,
        hiddenDim, numHiddenStates, frameRate, temperature, opset, graphs, text, entries, producer,
        license, licenseNotes);
  }

  /**
   * Checks every listed file against its recorded size and sha256.
   *
   * @throws IOException naming the first file that is missing or differs
   */
  public void verify(Path bundleDir) throws IOException {
    for (Map.Entry<String, FileEntry> e : files.entrySet()) {
      Path f = bundleDir.resolve(e.getKey());
      if (!Files.isRegularFile(f)) {
        throw new IOException("bundle file missing: " + f);
      }
      if (Files.size(f) != e.getValue().bytes() || !sha256(f).equals(e.getValue().sha256())) {
        throw new IOException("bundle file does not match its sha256 in bundle.json: " + f);
      }
    }
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
