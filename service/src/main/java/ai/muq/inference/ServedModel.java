package ai.muq.inference;

import ai.muq.bundle.Bundle;
import ai.muq.bundle.BundleException;
import ai.muq.bundle.BundleManifest;
import ai.muq.bundle.BundleTensors;
import ai.muq.bundle.Clips;
import ai.muq.bundle.TextTooLongException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
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
public final class ServedModel implements AutoCloseable {

  /** Shortest chunk the encoder is given (its STFT needs some context); 1 s. */
  static final double MIN_CHUNK_SECONDS = 1.0;

  private final Bundle bundle;
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

  private ServedModel(Bundle bundle, ExecutionProvider provider) {
    this.bundle = bundle;
    this.manifest = bundle.manifest();
    this.dir = bundle.dir();
    this.provider = provider;
    this.maxTokens = manifest.textMaxTokens();
  }

  /**
   * Opens a bundle ({@link Bundle#open}: read, validated, verified) and its graphs.
   *
   * @throws BundleRefusedException with a one-line reason when the bundle cannot be served
   */
  public static ServedModel load(
      Path dir, OrtRuntime runtime, BatchingSettings batching, MeterRegistry registry)
      throws BundleRefusedException {
    Bundle bundle;
    try {
      bundle = Bundle.open(dir);
    } catch (BundleException e) {
      throw new BundleRefusedException(e.getMessage(), e);
    }
    BundleManifest m = bundle.manifest();
    ServedModel model = new ServedModel(bundle, runtime.provider());
    try {
      if (m.kind().equals(BundleManifest.KIND_MUQ)) {
        model.openEncoder(runtime, batching, registry);
      } else {
        model.openMulan(runtime, batching, registry);
        // A MuQ-MuLan bundle may carry its MuQ encoder too: then it also serves hidden states.
        if (bundle.hasGraph(BundleManifest.GRAPH_MUQ_ENCODER)) {
          model.openEncoder(runtime, batching, registry);
        }
      }
      return model;
    } catch (BundleException e) {
      model.close();
      throw new BundleRefusedException(e.getMessage(), e);
    } catch (OrtException | IOException | RuntimeException e) {
      model.close();
      throw new BundleRefusedException("cannot open its graphs: " + e.getMessage(), e);
    }
  }

  private void openEncoder(OrtRuntime rt, BatchingSettings batching, MeterRegistry registry)
      throws BundleException, OrtException {
    OrtSession s = openGraph(rt, BundleManifest.GRAPH_MUQ_ENCODER);
    requireIo(s, BundleManifest.GRAPH_MUQ_ENCODER, Set.of(BundleTensors.WAVEFORM),
        Set.of(BundleTensors.hiddenState(0), BundleTensors.hiddenState(manifest.numHiddenStates() - 1)));
    encoder = track(new MicroBatcher<>(manifest.name(), BundleManifest.GRAPH_MUQ_ENCODER,
        GraphRunners.muqEncoder(rt.env(), s), batching, registry));
  }

  private void openMulan(OrtRuntime rt, BatchingSettings batching, MeterRegistry registry)
      throws BundleException, OrtException, IOException {
    BundleManifest.Text text = manifest.text();
    OrtSession audio = openGraph(rt, BundleManifest.GRAPH_MULAN_AUDIO);
    requireIo(audio, BundleManifest.GRAPH_MULAN_AUDIO, Set.of(BundleTensors.WAVEFORM),
        Set.of(BundleTensors.EMBEDDING));
    OrtSession textGraph = openGraph(rt, BundleManifest.GRAPH_MULAN_TEXT);
    OrtSession backbone = null;
    if (BundleTensors.TEXT_INPUT_TOKEN_IDS.equals(text.input())) {
      requireIo(textGraph, BundleManifest.GRAPH_MULAN_TEXT,
          Set.of(BundleTensors.INPUT_IDS, BundleTensors.ATTENTION_MASK), Set.of(BundleTensors.EMBEDDING));
    } else {
      requireIo(textGraph, BundleManifest.GRAPH_MULAN_TEXT,
          Set.of(BundleTensors.HIDDEN_STATES, BundleTensors.ATTENTION_MASK), Set.of(BundleTensors.EMBEDDING));
      backbone = track(openTextBackbone(rt, text));
      requireIo(backbone, BundleManifest.GRAPH_TEXT_BACKBONE,
          Set.of(BundleTensors.INPUT_IDS, BundleTensors.ATTENTION_MASK), Set.of());
    }
    try (InputStream in = bundle.textTokenizer()) {
      tokenizer = track(TextTokenizer.fromStream(in));
    }
    mulanAudio = track(new MicroBatcher<>(manifest.name(), BundleManifest.GRAPH_MULAN_AUDIO,
        GraphRunners.mulanAudio(rt.env(), audio), batching, registry));
    textRunner = new GraphRunners.MulanText(rt.env(), textGraph, backbone);
    mulanText = track(new MicroBatcher<>(manifest.name(), BundleManifest.GRAPH_MULAN_TEXT,
        textRunner, batching, registry));
  }

  /**
   * The text backbone, read by ONNX Runtime natively from a file: a {@code classpath:} backbone
   * (bge-small, 130 MB) goes through a temp file, never a heap byte array, which with the copies
   * made while reading it outgrew the service's 320 MB heap at start.
   */
  private OrtSession openTextBackbone(OrtRuntime rt, BundleManifest.Text text)
      throws IOException, OrtException {
    if (bundle.hasGraph(BundleManifest.GRAPH_TEXT_BACKBONE)) {
      return rt.open(bundle.graph(BundleManifest.GRAPH_TEXT_BACKBONE));
    }
    Path tmp = java.nio.file.Files.createTempFile("muq-graph-", ".onnx");
    try (InputStream in = bundle.open(text.backboneSource())) {
      java.nio.file.Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return rt.open(tmp);
    } finally {
      java.nio.file.Files.deleteIfExists(tmp);
    }
  }

  private OrtSession openGraph(OrtRuntime rt, String role) throws BundleException, OrtException {
    return track(rt.open(bundle.graph(role)));
  }

  private static void requireIo(OrtSession s, String role, Set<String> inputs, Set<String> outputs)
      throws BundleException, OrtException {
    if (!s.getInputNames().containsAll(inputs)) {
      throw new BundleException(role + " graph inputs " + s.getInputNames() + " lack some of " + inputs);
    }
    if (!s.getOutputNames().containsAll(outputs)) {
      throw new BundleException(role + " graph outputs " + s.getOutputNames() + " lack some of " + outputs);
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

  /** When this process loaded the model (OpenAI's {@code created} of the model). */
  public java.time.Instant loadedAt() {
    return loadedAt;
  }

  public Path dir() {
    return dir;
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
    return manifest.clipSamples();
  }

  /** Embeddings of each MuLan clip of the waveform (at the model's sample rate), in order. */
  public List<float[]> clipEmbeddings(float[] wave) {
    requireMulan();
    return mulanAudio.runAll(Clips.mulanClips(wave, clipSamples()));
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
      List<float[]> clips = Clips.mulanClips(waves.get(i), clipSamples());
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
    List<float[]> chunks = Clips.featureChunks(wave, clipSamples(), minSamples);
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
