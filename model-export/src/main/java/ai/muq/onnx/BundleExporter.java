package ai.muq.onnx;

import ai.muq.bundle.BundleTensors;
import ai.muq.bundle.BundleManifest;
import ai.muq.model.ModelConfig;
import ai.muq.model.MulanConfig;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MelFrontEnd;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.mulan.MulanModel;
import ai.muq.model.text.XlmRobertaEncoder;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes model bundles: the ONNX graphs recorded from the model definitions by {@link OnnxOps},
 * and the {@code bundle.json} manifest beside them.
 */
public final class BundleExporter {

  public static final String MUQ_ENCODER_FILE = "muq-encoder.onnx";
  public static final String MULAN_AUDIO_FILE = "mulan-audio.onnx";
  public static final String MULAN_TEXT_FILE = "mulan-text.onnx";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  public static final int CLIP_SAMPLES = (int) (MulanConfig.CLIP_SECONDS * MuqConfig.SAMPLE_RATE);
  public static final String PRODUCER_VERSION = "0.1.0";

  private static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
  private static final int INT64 = TensorProto.DataType.INT64_VALUE;

  /** How the text side of a MuQ-MuLan bundle is fed. */
  public record TextBackbone(
      String input, String name, String source, String tokenizer, int maxTokens) {

    /** bge-small-en-v1.5 from the langchain4j Maven jar feeding hidden states. */
    public static TextBackbone bgeSmallEn() {
      return packaged("bge-small-en-v1.5");
    }

    /** A backbone shipped in a langchain4j embeddings jar, by name (e.g. bge-small-zh-v1.5). */
    public static TextBackbone packaged(String name) {
      return new TextBackbone(
          BundleTensors.TEXT_INPUT_HIDDEN_STATES, name, "classpath:" + name + ".onnx", "classpath:" + name + "-tokenizer.json", 512);
    }
  }

  private final OnnxOps.WeightType weightType;
  private final StftFrontEnd stft;
  private final List<float[]> int8Calibration;

  public BundleExporter(OnnxOps.WeightType weightType, StftFrontEnd stft) {
    this(weightType, stft, null);
  }

  private BundleExporter(OnnxOps.WeightType weightType, StftFrontEnd stft, List<float[]> int8Calibration) {
    this.weightType = weightType;
    this.stft = stft;
    this.int8Calibration = int8Calibration;
  }

  /**
   * An exporter whose audio graphs (MuQ encoder, MuLan audio tower) are statically quantised to
   * int8 ({@link StaticInt8}) with ranges from these calibration clips; the text graph stays fp32.
   */
  public static BundleExporter int8(StftFrontEnd stft, List<float[]> calibration) {
    if (calibration == null || calibration.isEmpty()) {
      throw new IllegalArgumentException("int8 needs calibration clips");
    }
    return new BundleExporter(OnnxOps.WeightType.FLOAT32, stft, List.copyOf(calibration));
  }

  /** fp32, fp16 (weights stored fp16, computed fp32) or int8. */
  public String precision() {
    if (int8Calibration != null) {
      return "int8";
    }
    return weightType == OnnxOps.WeightType.FLOAT16 ? "fp16" : "fp32";
  }

  /** Writes an audio graph, quantised first when this exporter is int8. */
  private void writeAudio(OnnxMl.ModelProto graph, Path file) throws IOException {
    if (int8Calibration != null) {
      try {
        graph = StaticInt8.quantize(graph, int8Calibration).model();
      } catch (ai.onnxruntime.OrtException e) {
        throw new IOException("int8 calibration of " + file.getFileName() + " failed: " + e.getMessage(), e);
      }
    }
    write(graph, file);
  }

  /** Graphs with the Conv1d STFT, which every execution provider runs. */
  public BundleExporter(OnnxOps.WeightType weightType) {
    this(weightType, StftFrontEnd.CONV);
  }

  public BundleExporter() {
    this(OnnxOps.WeightType.FLOAT32);
  }

  private OnnxOps ops(ParamStore store) {
    return new OnnxOps(store, weightType, stft);
  }

  /** The MuQ encoder graph: waveform [batch, samples] to hidden_state_0 .. hidden_state_L. */
  public OnnxMl.ModelProto muqEncoderGraph(ParamStore store, MuqModel model) {
    OnnxOps ops = ops(store);
    OnnxOps.Value wave = ops.input(BundleTensors.WAVEFORM, FLOAT, "batch", "samples");
    List<OnnxOps.Value> states = model.hiddenStates(ops, wave);
    for (int i = 0; i < states.size(); i++) {
      ops.output(states.get(i), BundleTensors.hiddenState(i), FLOAT, "batch", "frames", model.config().dim());
    }
    return ops.build("muq_encoder", metadata("muq_encoder", model.config()));
  }

  /** The MuLan audio tower: waveform [batch, 240000] to unit-norm embedding [batch, latent]. */
  public OnnxMl.ModelProto mulanAudioGraph(ParamStore store, MulanModel model) {
    OnnxOps ops = ops(store);
    OnnxOps.Value wave = ops.input(BundleTensors.WAVEFORM, FLOAT, "batch", CLIP_SAMPLES);
    OnnxOps.Value emb = model.audioEmbedding(ops, wave);
    ops.output(emb, BundleTensors.EMBEDDING, FLOAT, "batch", model.config().mulan().latentDim());
    return ops.build("mulan_audio", metadata("mulan_audio", model.config().muq()));
  }

  /**
   * The MuLan text head: hidden_states [batch, tokens, backbone dim] and attention_mask int64
   * [batch, tokens] to unit-norm embedding [batch, latent].
   */
  public OnnxMl.ModelProto mulanTextGraph(ParamStore store, MulanModel model) {
    OnnxOps ops = ops(store);
    MulanConfig m = model.config().mulan();
    OnnxOps.Value hidden = ops.input(BundleTensors.HIDDEN_STATES, FLOAT, "batch", "tokens", m.textBackboneDim());
    OnnxOps.Value mask = ops.input(BundleTensors.ATTENTION_MASK, INT64, "batch", "tokens");
    OnnxOps.Value emb = model.textEmbedding(ops, hidden, ops.toFloat(mask));
    ops.output(emb, BundleTensors.EMBEDDING, FLOAT, "batch", m.latentDim());
    return ops.build("mulan_text", metadata("mulan_text", model.config().muq()));
  }

  private Map<String, String> metadata(String role, MuqConfig muq) {
    Map<String, String> md = new LinkedHashMap<>();
    md.put("muq.role", role);
    md.put("muq.sample_rate", Integer.toString(MuqConfig.SAMPLE_RATE));
    md.put("muq.frame_rate", Double.toString(frameRate()));
    md.put("muq.hidden_dim", Integer.toString(muq.dim()));
    md.put("muq.num_hidden_states", Integer.toString(muq.layers() + 1));
    md.put("muq.weights", weightType.name().toLowerCase());
    md.put("muq.stft", stft.id());
    md.put("muq.precision", precision());
    md.put("muq.producer", "muq-model-export " + PRODUCER_VERSION);
    return md;
  }

  private static double frameRate() {
    return (double) MuqConfig.SAMPLE_RATE / MuqConfig.HOP / MuqConfig.FRAMES_PER_TOKEN;
  }

  /** Exports a MuQ-only bundle (kind {@code muq}). */
  public BundleManifest exportMuq(ParamStore store, MuqModel model, ModelConfig config, String name, Path out)
      throws IOException {
    Files.createDirectories(out);
    writeAudio(muqEncoderGraph(store, model), out.resolve(MUQ_ENCODER_FILE));
    BundleManifest manifest =
        manifest(BundleManifest.KIND_MUQ, name, config, store, model.frontEnd(),
            Map.of(BundleManifest.GRAPH_MUQ_ENCODER, MUQ_ENCODER_FILE), null, 0, 0);
    return finish(manifest, out, List.of(MUQ_ENCODER_FILE));
  }

  /**
   * Exports a MuQ-MuLan bundle (kind {@code muq-mulan}): the MuLan audio tower, the text head, and
   * the MuQ encoder of the audio tower for feature extraction.
   */
  public BundleManifest exportMulan(
      ParamStore store, MulanModel model, String name, TextBackbone text, Path out) throws IOException {
    Files.createDirectories(out);
    write(mulanTextGraph(store, model), out.resolve(MULAN_TEXT_FILE));
    return exportMulanAudioAndManifest(store, model, name, text, out, List.of());
  }

  /**
   * The MuLan text tower with its XLM-RoBERTa backbone inside the graph: {@code input_ids} and
   * {@code attention_mask} int64 [batch, tokens] to unit-norm embedding [batch, latent], so only
   * tokenisation stays outside. Padding is masked exactly in the backbone, the head and the mean.
   */
  public OnnxMl.ModelProto mulanTokenTextGraph(
      ParamStore store, MulanModel model, XlmRobertaEncoder backbone) {
    OnnxOps ops = ops(store);
    OnnxOps.Value ids = ops.input(BundleTensors.INPUT_IDS, INT64, "batch", "tokens");
    OnnxOps.Value mask = ops.toFloat(ops.input(BundleTensors.ATTENTION_MASK, INT64, "batch", "tokens"));
    OnnxOps.Value hidden = backbone.forward(ops, ids, mask);
    OnnxOps.Value emb = model.textEmbedding(ops, hidden, mask);
    ops.output(emb, BundleTensors.EMBEDDING, FLOAT, "batch", model.config().mulan().latentDim());
    return ops.build("mulan_text", metadata("mulan_text", model.config().muq()));
  }

  /**
   * Exports a MuQ-MuLan bundle whose text graph holds its XLM-RoBERTa backbone and reads token ids
   * (bundle.json text input {@code token_ids}); the tokenizer.json is copied into the bundle.
   */
  public BundleManifest exportMulanWithBackbone(
      ParamStore store, MulanModel model, XlmRobertaEncoder backbone, String backboneName,
      String name, Path tokenizerJson, Path out) throws IOException {
    Files.createDirectories(out);
    write(mulanTokenTextGraph(store, model, backbone), out.resolve(MULAN_TEXT_FILE));
    Path tokenizerTmp = out.resolve(TOKENIZER_FILE + ".tmp");
    Files.copy(tokenizerJson, tokenizerTmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tokenizerTmp, out.resolve(TOKENIZER_FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    TextBackbone text =
        new TextBackbone(BundleTensors.TEXT_INPUT_TOKEN_IDS, backboneName, null, TOKENIZER_FILE, backbone.config().maxTokens());
    return exportMulanAudioAndManifest(store, model, name, text, out, List.of(TOKENIZER_FILE));
  }

  private BundleManifest exportMulanAudioAndManifest(
      ParamStore store, MulanModel model, String name, TextBackbone text, Path out,
      List<String> extraFiles) throws IOException {
    writeAudio(muqEncoderGraph(store, model.audioMuq()), out.resolve(MUQ_ENCODER_FILE));
    writeAudio(mulanAudioGraph(store, model), out.resolve(MULAN_AUDIO_FILE));
    Map<String, String> graphs = new LinkedHashMap<>();
    graphs.put(BundleManifest.GRAPH_MUQ_ENCODER, MUQ_ENCODER_FILE);
    graphs.put(BundleManifest.GRAPH_MULAN_AUDIO, MULAN_AUDIO_FILE);
    graphs.put(BundleManifest.GRAPH_MULAN_TEXT, MULAN_TEXT_FILE);
    float logTemp = store.floats(MulanModel.TEMPERATURE)[0];
    BundleManifest.Text t =
        new BundleManifest.Text(
            text.input(), text.tokenizer(), text.name(), text.source(),
            model.config().mulan().textBackboneDim(), text.maxTokens());
    BundleManifest manifest =
        manifest(BundleManifest.KIND_MUQ_MULAN, name, model.config(), store, model.audioMuq().frontEnd(),
            graphs, t, model.config().mulan().latentDim(), Math.exp(logTemp));
    List<String> files = new ArrayList<>(List.of(MUQ_ENCODER_FILE, MULAN_AUDIO_FILE, MULAN_TEXT_FILE));
    files.addAll(extraFiles);
    return finish(manifest, out, files);
  }

  private BundleManifest manifest(
      String kind, String name, ModelConfig config, ParamStore store, MelFrontEnd frontEnd,
      Map<String, String> graphs, BundleManifest.Text text, int embeddingDim, double temperature) {
    MuqConfig muq = config.muq();
    BundleManifest.Mel mel =
        new BundleManifest.Mel(
            store.floats(frontEnd.meanName())[0], store.floats(frontEnd.stdName())[0],
            MuqConfig.N_MELS, MuqConfig.N_FFT, MuqConfig.HOP);
    Map<String, String> producer = new LinkedHashMap<>();
    producer.put("name", "muq-model-export");
    producer.put("version", PRODUCER_VERSION);
    producer.put("weights", weightType.name().toLowerCase());
    producer.put(BundleManifest.PRODUCER_STFT, stft.id());
    producer.put(BundleManifest.PRODUCER_PRECISION, precision());
    return new BundleManifest(
        1, kind, name, null, config.toMap(), MuqConfig.SAMPLE_RATE, MulanConfig.CLIP_SECONDS, mel,
        embeddingDim, muq.dim(), muq.layers() + 1, frameRate(), temperature, OnnxOps.OPSET,
        graphs, text, Map.of(), producer);
  }

  /** Hashes the files, derives the bundle id from them, and writes bundle.json. */
  private static BundleManifest finish(BundleManifest m, Path out, List<String> files) throws IOException {
    BundleManifest hashed = m.withFiles(out, files);
    StringBuilder all = new StringBuilder();
    for (String f : files) {
      all.append(hashed.files().get(f).sha256());
    }
    String id = m.name() + "@" + sha256Hex(all.toString()).substring(0, 12);
    BundleManifest withId =
        new BundleManifest(
            hashed.formatVersion(), hashed.kind(), hashed.name(), id, hashed.config(),
            hashed.sampleRate(), hashed.clipSeconds(), hashed.mel(), hashed.embeddingDim(),
            hashed.hiddenDim(), hashed.numHiddenStates(), hashed.frameRate(), hashed.temperature(),
            hashed.opset(), hashed.graphs(), hashed.text(), hashed.files(), hashed.producer());
    withId.write(out);
    return withId;
  }

  private static String sha256Hex(String s) {
    try {
      var md = java.security.MessageDigest.getInstance("SHA-256");
      return java.util.HexFormat.of().formatHex(md.digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes a model atomically (temp file, then rename). */
  public static void write(OnnxMl.ModelProto model, Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      model.writeTo(os);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Names of the files a bundle of this exporter contains, for callers that list them. */
  public static List<String> mulanFiles() {
    return new ArrayList<>(List.of(MUQ_ENCODER_FILE, MULAN_AUDIO_FILE, MULAN_TEXT_FILE));
  }
}
