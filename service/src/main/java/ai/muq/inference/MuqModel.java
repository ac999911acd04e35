package ai.muq.inference;

import ai.muq.bundle.BundleManifest;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One loaded model bundle: its graphs opened on the chosen execution provider, each behind its
 * own {@link MicroBatcher}. Requests are cut into clips here; the batchers merge clips of
 * concurrent requests.
 *
 * <p>Invariants: a {@code muq-mulan} model has {@link #hasMulan()} (audio and text towers); a
 * {@code muq} model has {@link #hasEncoder()}.
 */
public final class MuqModel implements AutoCloseable {

  /** Shortest chunk the encoder is given (its STFT needs some context); 1 s. */
  static final double MIN_CHUNK_SECONDS = 1.0;

  private final BundleManifest manifest;
  private final Path dir;
  private final ExecutionProvider provider;
  private final int maxTokens;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private MicroBatcher<float[], float[]> mulanAudio;
  private MicroBatcher<TokenizedText, float[]> mulanText;
  private GraphRunners.MulanText textRunner;
  private MicroBatcher<GraphRunners.EncoderJob, float[][][]> encoder;
  private TextTokenizer tokenizer;
  private final java.time.Instant loadedAt = java.time.Instant.now();

  private MuqModel(BundleManifest manifest, Path dir, ExecutionProvider provider) {
    this.manifest = manifest;
    this.dir = dir;
    this.provider = provider;
    this.maxTokens =
        manifest.text() != null && manifest.text().maxTokens() > 0 ? manifest.text().maxTokens() : 512;
  }

  /**
   * Loads, verifies and opens a bundle.
   *
   * @throws BundleRefusedException with a one-line reason when the bundle cannot be served
   */
  public static MuqModel load(
      Path dir, OrtRuntime runtime, BatchingSettings batching, MeterRegistry registry)
      throws BundleRefusedException {
    BundleManifest m;
    try {
      m = BundleManifest.read(dir);
    } catch (IOException | RuntimeException e) {
      throw new BundleRefusedException("unreadable bundle.json: " + e.getMessage(), e);
    }
    check(m.formatVersion() == 1, "unsupported format_version " + m.formatVersion());
    check(m.name() != null && !m.name().isBlank(), "no name");
    check(m.id() != null && !m.id().isBlank(), "no id");
    check(m.sampleRate() > 0, "sample_rate must be positive");
    check(m.clipSeconds() > 0, "clip_seconds must be positive");
    check(
        BundleManifest.KIND_MUQ.equals(m.kind()) || BundleManifest.KIND_MUQ_MULAN.equals(m.kind()),
        "unknown kind '" + m.kind() + "' (this service serves muq and muq-mulan)");
    check(!m.files().isEmpty(), "bundle.json lists no files to verify");
    try {
      m.verify(dir);
    } catch (IOException e) {
      throw new BundleRefusedException(e.getMessage(), e);
    }
    MuqModel model = new MuqModel(m, dir, runtime.provider());
    try {
      if (m.kind().equals(BundleManifest.KIND_MUQ)) {
        model.openEncoder(runtime, batching, registry);
      } else {
        model.openMulan(runtime, batching, registry);
        // A MuQ-MuLan bundle may carry its MuQ encoder too: then it also serves hidden states.
        if (m.graphs().containsKey(BundleManifest.GRAPH_MUQ_ENCODER)) {
          model.openEncoder(runtime, batching, registry);
        }
      }
      return model;
    } catch (BundleRefusedException e) {
      model.close();
      throw e;
    } catch (OrtException | IOException | RuntimeException e) {
      model.close();
      throw new BundleRefusedException("cannot open its graphs: " + e.getMessage(), e);
    }
  }

  private void openEncoder(OrtRuntime rt, BatchingSettings batching, MeterRegistry registry)
      throws BundleRefusedException, OrtException {
    check(manifest.hiddenDim() > 0, "hidden_dim must be positive");
    check(manifest.numHiddenStates() > 0, "num_hidden_states must be positive");
    check(manifest.frameRate() > 0, "frame_rate must be positive");
    OrtSession s = openGraph(rt, BundleManifest.GRAPH_MUQ_ENCODER);
    requireIo(s, BundleManifest.GRAPH_MUQ_ENCODER, Set.of("waveform"),
        Set.of("hidden_state_0", "hidden_state_" + (manifest.numHiddenStates() - 1)));
    encoder = track(new MicroBatcher<>(manifest.name(), BundleManifest.GRAPH_MUQ_ENCODER,
        GraphRunners.muqEncoder(rt.env(), s), batching, registry));
  }

  private void openMulan(OrtRuntime rt, BatchingSettings batching, MeterRegistry registry)
      throws BundleRefusedException, OrtException, IOException {
    check(manifest.embeddingDim() > 0, "embedding_dim must be positive");
    BundleManifest.Text text = manifest.text();
    check(text != null, "a muq-mulan bundle needs a text section");
    OrtSession audio = openGraph(rt, BundleManifest.GRAPH_MULAN_AUDIO);
    requireIo(audio, BundleManifest.GRAPH_MULAN_AUDIO, Set.of("waveform"), Set.of("embedding"));
    OrtSession textGraph = openGraph(rt, BundleManifest.GRAPH_MULAN_TEXT);
    OrtSession backbone = null;
    if ("token_ids".equals(text.input())) {
      requireIo(textGraph, BundleManifest.GRAPH_MULAN_TEXT,
          Set.of("input_ids", "attention_mask"), Set.of("embedding"));
      check(text.tokenizer() != null, "text input token_ids needs a tokenizer file");
      tokenizer = track(openTokenizer(text.tokenizer()));
    } else if ("hidden_states".equals(text.input())) {
      requireIo(textGraph, BundleManifest.GRAPH_MULAN_TEXT,
          Set.of("hidden_states", "attention_mask"), Set.of("embedding"));
      if (manifest.graphs().containsKey(BundleManifest.GRAPH_TEXT_BACKBONE)) {
        backbone = openGraph(rt, BundleManifest.GRAPH_TEXT_BACKBONE);
      } else {
        String source = text.backboneSource();
        check(source != null && source.startsWith("classpath:"),
            "text input hidden_states needs a text_backbone graph or a classpath: backbone_source");
        backbone = track(openClasspathGraph(rt, source.substring("classpath:".length())));
      }
      requireIo(backbone, BundleManifest.GRAPH_TEXT_BACKBONE,
          Set.of("input_ids", "attention_mask"), Set.of());
      if (text.tokenizer() != null) {
        tokenizer = track(openTokenizer(text.tokenizer()));
      } else {
        check(text.backboneSource() != null && text.backboneSource().endsWith(".onnx"),
            "no tokenizer for the text backbone");
        String tokName = text.backboneSource().substring("classpath:".length())
            .replaceFirst("\\.onnx$", "-tokenizer.json");
        try (InputStream in = classpathStream(tokName)) {
          tokenizer = track(TextTokenizer.fromStream(in));
        }
      }
    } else {
      throw new BundleRefusedException("unknown text input mode '" + text.input() + "'");
    }
    mulanAudio = track(new MicroBatcher<>(manifest.name(), BundleManifest.GRAPH_MULAN_AUDIO,
        GraphRunners.mulanAudio(rt.env(), audio), batching, registry));
    textRunner = new GraphRunners.MulanText(rt.env(), textGraph, backbone);
    mulanText = track(new MicroBatcher<>(manifest.name(), BundleManifest.GRAPH_MULAN_TEXT,
        textRunner, batching, registry));
  }

  /** A tokenizer.json in the bundle, or {@code classpath:NAME} shipped in a jar. */
  private TextTokenizer openTokenizer(String ref) throws BundleRefusedException, IOException {
    if (ref.startsWith("classpath:")) {
      try (InputStream in = classpathStream(ref.substring("classpath:".length()))) {
        return TextTokenizer.fromStream(in);
      }
    }
    return TextTokenizer.fromFile(bundleFile(ref));
  }

  private OrtSession openGraph(OrtRuntime rt, String role)
      throws BundleRefusedException, OrtException {
    String file = manifest.graphs().get(role);
    check(file != null, "no " + role + " graph");
    check(manifest.files().containsKey(file), "graph " + file + " is not listed with a sha256");
    return track(rt.open(bundleFile(file)));
  }

  private Path bundleFile(String name) throws BundleRefusedException {
    Path p = dir.resolve(name).normalize();
    check(p.startsWith(dir.normalize()) && Files.isRegularFile(p), "missing file " + name);
    return p;
  }

  private static void requireIo(OrtSession s, String role, Set<String> inputs, Set<String> outputs)
      throws BundleRefusedException, OrtException {
    check(s.getInputNames().containsAll(inputs),
        role + " graph inputs " + s.getInputNames() + " lack some of " + inputs);
    check(s.getOutputNames().containsAll(outputs),
        role + " graph outputs " + s.getOutputNames() + " lack some of " + outputs);
  }

  /**
   * Opens a graph shipped in a jar through a temp file that ONNX Runtime reads natively, so the
   * heap never holds the graph (the text backbone is 130 MB: as a byte array it alone needed more
   * than the service's 320 MB heap while loading).
   */
  private static OrtSession openClasspathGraph(OrtRuntime rt, String name)
      throws IOException, BundleRefusedException, OrtException {
    Path tmp = Files.createTempFile("muq-graph-", ".onnx");
    try (InputStream in = classpathStream(name)) {
      Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return rt.open(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static InputStream classpathStream(String name) throws BundleRefusedException {
    InputStream in = MuqModel.class.getClassLoader().getResourceAsStream(name);
    check(in != null, "classpath resource " + name + " not found");
    return in;
  }

  private static void check(boolean ok, String reason) throws BundleRefusedException {
    if (!ok) {
      throw new BundleRefusedException(reason);
    }
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  // ---- what the model offers ------------------------------------------------------------------

  public BundleManifest manifest() {
    return manifest;
  }

  public String name() {
    return manifest.name();
  }

  public String kind() {
    return manifest.kind();
  }

  public ExecutionProvider provider() {
    return provider;
  }

  public Path dir() {
    return dir;
  }

  /** When this process loaded the model (OpenAI's {@code created} of the model). */
  public java.time.Instant loadedAt() {
    return loadedAt;
  }

  public int maxTokens() {
    return maxTokens;
  }

  public boolean hasMulan() {
    return mulanAudio != null;
  }

  public boolean hasEncoder() {
    return encoder != null;
  }

  public int clipSamples() {
    return (int) Math.round(manifest.clipSeconds() * manifest.sampleRate());
  }

  /** Embeddings of each MuLan clip of the waveform (at the model's sample rate), in order. */
  public List<float[]> clipEmbeddings(float[] wave) {
    requireMulan();
    return mulanAudio.runAll(AudioClips.mulanClips(wave, clipSamples()));
  }

  /**
   * Clip embeddings of several waveforms, all clips submitted at once so they can share runs;
   * element i holds waveform i's clip embeddings in order.
   */
  public List<List<float[]>> clipEmbeddings(List<float[]> waves) {
    requireMulan();
    List<float[]> all = new ArrayList<>();
    int[] counts = new int[waves.size()];
    for (int i = 0; i < waves.size(); i++) {
      List<float[]> clips = AudioClips.mulanClips(waves.get(i), clipSamples());
      counts[i] = clips.size();
      all.addAll(clips);
    }
    List<float[]> embedded = mulanAudio.runAll(all);
    List<List<float[]>> out = new ArrayList<>(waves.size());
    int at = 0;
    for (int c : counts) {
      out.add(embedded.subList(at, at + c));
      at += c;
    }
    return out;
  }

  /**
   * Tokenizes a text for the MuLan text tower.
   *
   * @throws TextTooLongException when it has more tokens than the graph accepts
   */
  public TokenizedText tokenize(String text) {
    requireMulan();
    TokenizedText t = tokenizer.tokenize(text);
    if (t.length() > maxTokens) {
      throw new TextTooLongException(t.length(), maxTokens);
    }
    return t;
  }

  /** Joint-space embeddings of tokenized texts, each exactly as if embedded alone. */
  public List<float[]> textEmbeddings(List<TokenizedText> texts) {
    requireMulan();
    return mulanText.runAll(texts);
  }

  /** Runs the texts as one padded batch, bypassing the batcher (for the padding check). */
  List<float[]> textEmbeddingsOneRun(List<TokenizedText> texts) {
    try {
      return textRunner.apply(texts);
    } catch (Exception e) {
      throw new IllegalStateException("text graph failed: " + e.getMessage(), e);
    }
  }

  /** Whether texts of different lengths share padded runs (true) or run by length (false). */
  public boolean paddedTextBatches() {
    return textRunner != null && textRunner.padded();
  }

  void paddedTextBatches(boolean padded) {
    textRunner.padded(padded);
  }

  /**
   * Hidden states of the chosen layers over the whole waveform, [layer][frame][dim] at {@link
   * BundleManifest#frameRate()}. The audio is encoded in chunks of {@code clip_seconds} (bounded
   * memory, batchable); frames of a wrap-filled very short input are trimmed to its length.
   */
  public float[][][] hiddenStates(float[] wave, int[] layers) {
    if (encoder == null) {
      throw new IllegalStateException("model " + name() + " has no MuQ encoder");
    }
    Objects.requireNonNull(layers, "layers");
    for (int l : layers) {
      if (l < 0 || l >= manifest.numHiddenStates()) {
        throw new IllegalArgumentException("layer " + l + " outside 0.." + (manifest.numHiddenStates() - 1));
      }
    }
    int minSamples = (int) Math.round(MIN_CHUNK_SECONDS * manifest.sampleRate());
    List<float[]> chunks = AudioClips.featureChunks(wave, clipSamples(), minSamples);
    List<GraphRunners.EncoderJob> jobs = new ArrayList<>(chunks.size());
    for (float[] c : chunks) {
      jobs.add(new GraphRunners.EncoderJob(c, layers));
    }
    List<float[][][]> parts = encoder.runAll(jobs);
    int maxFrames = Integer.MAX_VALUE;
    if (wave.length < minSamples) {
      maxFrames = Math.max(1,
          (int) Math.ceil(wave.length * manifest.frameRate() / manifest.sampleRate()));
    }
    float[][][] out = new float[layers.length][][];
    for (int li = 0; li < layers.length; li++) {
      List<float[]> frames = new ArrayList<>();
      for (float[][][] part : parts) {
        for (float[] f : part[li]) {
          if (frames.size() < maxFrames) {
            frames.add(f);
          }
        }
      }
      out[li] = frames.toArray(new float[0][]);
    }
    return out;
  }

  /** Items waiting in all of this model's batchers. */
  public int queueDepth() {
    int d = 0;
    for (AutoCloseable r : resources) {
      if (r instanceof MicroBatcher<?, ?> b) {
        d += b.queueDepth();
      }
    }
    return d;
  }

  private void requireMulan() {
    if (mulanAudio == null) {
      throw new IllegalStateException("model " + name() + " is not a muq-mulan model");
    }
  }

  /** Finishes queued work (batchers first), then releases sessions and tokenizers. */
  @Override
  public void close() {
    for (AutoCloseable r : resources) {
      if (r instanceof MicroBatcher<?, ?> b) {
        b.close();
      }
    }
    for (AutoCloseable r : resources.reversed()) {
      if (!(r instanceof MicroBatcher<?, ?>)) {
        try {
          r.close();
        } catch (Exception ignored) {
          // closing native handles at shutdown; nothing left to do with a failure
        }
      }
    }
    resources.clear();
  }
}
