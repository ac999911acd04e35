package ai.muq.importer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.muq.bundle.BundleManifest;
import ai.muq.cli.Engines;
import ai.muq.cli.ModelExportCli;
import ai.muq.importer.fixtures.FixtureTensor;
import ai.muq.importer.fixtures.ReleasedCheckpoints;
import ai.muq.importer.fixtures.ReleasedCheckpoints.MuqSizes;
import ai.muq.importer.fixtures.ReleasedCheckpoints.TextSizes;
import ai.muq.importer.fixtures.ReleasedCheckpoints.TowerSizes;
import ai.muq.importer.fixtures.SafetensorsWriter;
import ai.muq.importer.fixtures.TorchZipWriter;
import ai.muq.model.DjlOps;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.MulanConfig;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.TestSignals;
import ai.muq.model.mulan.MulanModel;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.text.XlmRobertaConfig;
import ai.muq.model.text.XlmRobertaEncoder;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.OrtRunner;
import ai.onnxruntime.OnnxTensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: checkpoints in the released layouts (shrunk) are imported through the {@code import}
 * command, and every output of the bundle's graphs equals the DJL forward pass of the model core
 * loaded directly from the same tensors, within 1e-4.
 */
class ReleaseImportTest {

  static final double TOL = 1e-4;
  static final MuqSizes MUQ = new MuqSizes(4, 32, 2, 2, 64, 64);
  static final TextSizes TEXT = new TextSizes(50, 32, 2, 4, 64, 40);
  /** Audio depth 0 and text depth 2: the released MuQ-MuLan-large's shape of towers. */
  static final TowerSizes TOWERS = new TowerSizes(32, 0, 2, 2, 16, 16);
  /** The released towers, for tests that stop before the weights and use the built-in sub-configs. */
  static final TowerSizes RELEASED_TOWERS = new TowerSizes(768, 0, 8, 8, 64, 512);

  static final MuqConfig MUQ_CONFIG =
      new MuqConfig(4, 32, 2, 2, 64, 1, 1024, ReleasedCheckpoints.MEL_MEAN, ReleasedCheckpoints.MEL_STD);
  static final XlmRobertaConfig TEXT_CONFIG = new XlmRobertaConfig(50, 32, 2, 4, 64, 40, 1, 1e-5, 1);

  @TempDir static Path dir;
  static NDManager manager;
  static float[] music;
  static float[] noise;

  @BeforeAll
  static void init() {
    Engines.init();
    manager = NDManager.newBaseManager();
    music = TestSignals.renderedMusic(BundleExporter.CLIP_SAMPLES);
    noise = TestSignals.noise(BundleExporter.CLIP_SAMPLES, 5, 0.2f);
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    var cl = ModelExportCli.commandLine();
    cl.setErr(new PrintWriter(err, true));
    cl.setOut(new PrintWriter(out, true));
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(stdout, true));
    try {
      int exit = cl.execute(args);
      return new Run(exit, out + stdout.toString(), err.toString());
    } finally {
      System.setOut(saved);
    }
  }

  static ParamStore storeFrom(List<ParamSpec> specs, List<FixtureTensor> tensors, MuqModel muq) {
    Map<String, FixtureTensor> byName = new HashMap<>();
    tensors.forEach(t -> byName.put(t.name(), t));
    ParamStore store = new ParamStore(manager, specs);
    Set<String> mel = Set.of(muq.frontEnd().meanName(), muq.frontEnd().stdName());
    for (ParamSpec s : specs) {
      if (!mel.contains(s.name())) {
        assertThat(byName).as("fixture has %s", s.name()).containsKey(s.name());
        store.set(s.name(), byName.get(s.name()).expectedFloats());
      }
    }
    Models.setMelStats(store, muq, ReleasedCheckpoints.MEL_MEAN, ReleasedCheckpoints.MEL_STD);
    return store;
  }

  // ------------------------------------------------------------------ MuQ-large-msd-iter layout

  @Test
  void muqSafetensorsImportGivesTheDjlHiddenStates() throws Exception {
    Path release = dir.resolve("MuQ-large-msd-iter");
    List<FixtureTensor> tensors =
        new ReleasedCheckpoints(1, DType.F32).muq(MuqModel.RELEASED_PREFIX, MUQ).tensors();
    ReleasedCheckpoints.writeJson(release.resolve("config.json"), ReleasedCheckpoints.muqConfig(MUQ));
    SafetensorsWriter.write(release.resolve("model.safetensors"), tensors);
    // The model card as OpenMuQ's HuggingFace repositories keep it: YAML front matter in README.md.
    Files.writeString(release.resolve(ModelCard.FILE_NAME),
        "---\nlicense: cc-by-nc-4.0\ndatasets:\n  - msd # Million Song Dataset\n---\n# MuQ\nlicense: mit\n");
    Path bundle = dir.resolve("bundle-muq");

    Run run = cli("import", "--from", release.toString(), "--out", bundle.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("positional conv embedding")
        .contains("quantizer tensors")
        .contains("prediction head")
        .contains("batch-norm step counters")
        .contains("cls token");

    BundleManifest manifest = BundleManifest.read(bundle);
    manifest.verify(bundle);
    assertThat(manifest.kind()).isEqualTo(BundleManifest.KIND_MUQ);
    assertThat(manifest.name()).isEqualTo("muq-large-msd-iter");
    assertThat(manifest.license()).isEqualTo("CC-BY-NC-4.0");
    assertThat(manifest.licenseNotes()).contains("model card of muq-large-msd-iter", "msd");
    assertThat(run.out()).contains("licence of the weights: CC-BY-NC-4.0");
    assertThat(manifest.stftFrontEnd()).as("CPU is the default target").isEqualTo("fft");
    assertThat(manifest.numHiddenStates()).isEqualTo(3);
    assertThat(manifest.mel().mean()).isCloseTo(ReleasedCheckpoints.MEL_MEAN, org.assertj.core.data.Offset.offset(1e-6));

    MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, MUQ_CONFIG);
    float[] signal = java.util.Arrays.copyOf(music, 48_000);
    List<float[]> expected = new ArrayList<>();
    try (ParamStore store = storeFrom(model.encoderParams(), tensors, model);
        NDManager sub = manager.newSubManager()) {
      for (NDArray h : model.hiddenStates(DjlOps.inference(store, sub), sub.create(signal, new Shape(1, signal.length)))) {
        expected.add(h.toFloatArray());
      }
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      names.add("hidden_state_" + i);
    }
    try (OrtRunner ort = new OrtRunner(bundle.resolve(BundleExporter.MUQ_ENCODER_FILE));
        OnnxTensor in = ort.floats(signal, 1, signal.length)) {
      Map<String, float[]> actual = ort.run(Map.of("waveform", in), names);
      for (int i = 0; i < 3; i++) {
        assertClose("hidden_state_" + i, actual.get("hidden_state_" + i), expected.get(i), TOL);
      }
    }
  }

  /**
   * fp16 weights, fp32 computation: a checkpoint stored in F16 loses nothing in an fp16 bundle, so
   * the graph still equals the fp32 DJL forward within 1e-4, and stays finite on silence, loud
   * noise and a clipped square wave (the plain-fp16 reference is reported to give NaNs).
   */
  @Test
  void int8ImportCalibratesOnAFolderOfAudio() throws Exception {
    Path release = dir.resolve("muq-int8");
    List<FixtureTensor> tensors =
        new ReleasedCheckpoints(4, DType.F32).muq(MuqModel.RELEASED_PREFIX, MUQ).tensors();
    ReleasedCheckpoints.writeJson(release.resolve("config.json"), ReleasedCheckpoints.muqConfig(MUQ));
    SafetensorsWriter.write(release.resolve("model.safetensors"), tensors);
    Path calibration = Files.createDirectories(dir.resolve("calibration"));
    byte[] pcm = new byte[music.length * 2];
    for (int i = 0; i < music.length; i++) {
      short v = (short) Math.max(-32768, Math.min(32767, Math.round(music[i] * 32767)));
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    javax.sound.sampled.AudioFormat fmt = new javax.sound.sampled.AudioFormat(24_000f, 16, 1, true, false);
    try (var ais = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), fmt, music.length)) {
      javax.sound.sampled.AudioSystem.write(ais, javax.sound.sampled.AudioFileFormat.Type.WAVE,
          calibration.resolve("clip.wav").toFile());
    }
    Files.writeString(calibration.resolve("README.txt"), "not audio: skipped");
    Path bundle = dir.resolve("bundle-int8");
    Run run = cli("import", "--from", release.toString(), "--out", bundle.toString(), "--precision", "int8",
        "--calibration", calibration.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    BundleManifest manifest = BundleManifest.read(bundle);
    assertThat(manifest.producer()).containsEntry("precision", "int8").containsEntry("stft", "fft");
    try (var in = Files.newInputStream(bundle.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      assertThat(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(in).getGraph().getNodeList())
          .anyMatch(n -> n.getOpType().equals("QuantizeLinear"));
    }
    Run bad = cli("import", "--from", release.toString(), "--out", dir.resolve("bad").toString(),
        "--precision", "int8", "--calibration", dir.resolve("nowhere").toString());
    assertThat(bad.exit()).isNotZero();
    assertThat(bad.err()).contains("calibration folder not found");
  }

  @Test
  void fp16BundleOfAnF16CheckpointMatchesAndStaysFinite() throws Exception {
    Path release = dir.resolve("muq-f16");
    List<FixtureTensor> tensors =
        new ReleasedCheckpoints(9, DType.F16).muq(MuqModel.RELEASED_PREFIX, MUQ).tensors();
    ReleasedCheckpoints.writeJson(release.resolve("config.json"), ReleasedCheckpoints.muqConfig(MUQ));
    SafetensorsWriter.write(release.resolve("model.safetensors"), tensors);
    Path bundle = dir.resolve("bundle-f16");
    // No model card here: the licence comes from the options (without them: NOASSERTION, warned).
    Run run = cli("import", "--from", release.toString(), "--out", bundle.toString(), "--precision", "fp16",
        "--license", "CC-BY-NC-4.0", "--license-notes", "weights of the authors' release");
    assertThat(run.exit()).as(run.err()).isZero();
    BundleManifest licensed = BundleManifest.read(bundle);
    assertThat(licensed.license()).isEqualTo("CC-BY-NC-4.0");
    assertThat(licensed.licenseNotes()).isEqualTo("weights of the authors' release");
    ai.onnx.proto.OnnxMl.ModelProto graph;
    try (var in = Files.newInputStream(bundle.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      graph = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(in);
    }
    Map<String, Integer> types = new HashMap<>();
    graph.getGraph().getInitializerList().forEach(t -> types.put(t.getName(), t.getDataType()));
    assertThat(types.get("model.conformer.layers.0.self_attn.linear_q.weight"))
        .isEqualTo(ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT16_VALUE);
    assertThat(types.get("model.conv.conv.0.bn1.running_var"))
        .isEqualTo(ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT_VALUE);

    int n = 24_000;
    float[] silence = new float[n];
    float[] loud = TestSignals.noise(n, 13, 1.0f);
    float[] square = new float[n];
    for (int i = 0; i < n; i++) {
      loud[i] = Math.max(-1f, Math.min(1f, loud[i]));
      square[i] = (i / 120) % 2 == 0 ? 1f : -1f;
    }
    float[] tune = java.util.Arrays.copyOf(music, n);
    MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, MUQ_CONFIG);
    String last = "hidden_state_2";
    try (ParamStore store = storeFrom(model.encoderParams(), tensors, model);
        OrtRunner ort = new OrtRunner(bundle.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      for (float[] signal : List.of(silence, loud, square, tune)) {
        float[] expected;
        try (NDManager sub = manager.newSubManager()) {
          List<NDArray> states =
              model.hiddenStates(DjlOps.inference(store, sub), sub.create(signal, new Shape(1, n)));
          expected = states.get(2).toFloatArray();
        }
        float[] actual;
        try (OnnxTensor in = ort.floats(signal, 1, n)) {
          actual = ort.run(Map.of("waveform", in), Set.of(last)).get(last);
        }
        for (float v : actual) {
          assertThat(Float.isFinite(v)).isTrue();
        }
        assertClose("fp16 bundle", actual, expected, TOL);
      }
    }
  }

  @Test
  void weightBeyondFloat16RangeIsRefusedForAnFp16Bundle() throws Exception {
    List<FixtureTensor> tensors = new ArrayList<>(new ReleasedCheckpoints(10, DType.F32).muq("model.", MUQ).tensors());
    tensors.replaceAll(t -> {
      if (!t.name().equals("model.conv.linear.weight")) {
        return t;
      }
      float[] v = t.floats().clone();
      v[3] = 1e6f;
      return FixtureTensor.of(t.name(), DType.F32, t.shape(), v);
    });
    Path release = muqRelease("fp16-range", tensors, MUQ);
    assertThat(failure(release, "--precision", "fp16"))
        .contains("key 'model.conv.linear.weight' holds 1000000.0, beyond float16's range");
  }

  // ------------------------------------------------------------------ MuQ-MuLan-large layout

  @Test
  void mulanTorchCheckpointWithSubModelFlagsGivesTheDjlEmbeddings() throws Exception {
    Path release = dir.resolve("MuQ-MuLan-large");
    List<FixtureTensor> tensors = new ReleasedCheckpoints(2, DType.F32).mulan(MUQ, TEXT, TOWERS).tensors();
    ReleasedCheckpoints.writeJson(
        release.resolve("config.json"),
        ReleasedCheckpoints.mulanConfig("OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-base", MUQ.dim(), TOWERS));
    new TorchZipWriter().record("pytorch_model").addAll(tensors).write(release.resolve("pytorch_model.bin"));
    Path subs = dir.resolve("sub-models");
    ReleasedCheckpoints.writeJson(subs.resolve("muq-config.json"), ReleasedCheckpoints.muqConfig(MUQ));
    ReleasedCheckpoints.writeJson(subs.resolve("xlmr-config.json"), ReleasedCheckpoints.textConfig(TEXT));
    ReleasedCheckpoints.writeTokenizer(subs.resolve("tokenizer.json"));
    Path bundle = dir.resolve("bundle-mulan");

    Run run =
        cli("import", "--from", release.toString(), "--out", bundle.toString(), "--precision", "fp32",
            "--target", "cuda",
            "--audio-config", subs.resolve("muq-config.json").toString(),
            "--text-config", subs.resolve("xlmr-config.json").toString(),
            "--tokenizer", subs.resolve("tokenizer.json").toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("audio aggregator conv")
        .contains("text pooler")
        .contains("index buffers");

    BundleManifest manifest = BundleManifest.read(bundle);
    manifest.verify(bundle);
    assertThat(manifest.kind()).isEqualTo(BundleManifest.KIND_MUQ_MULAN);
    // No model card and no --license: the bundle says so, and the import warns.
    assertThat(manifest.license()).isEqualTo(BundleManifest.LICENSE_NOT_STATED);
    assertThat(manifest.licenseNotes()).isNull();
    assertThat(run.out()).contains("no model card (README.md) stating a licence");
    assertThat(manifest.files()).containsKeys(
        BundleExporter.MUQ_ENCODER_FILE, BundleExporter.MULAN_AUDIO_FILE, BundleExporter.MULAN_TEXT_FILE,
        BundleExporter.TOKENIZER_FILE);
    assertThat(manifest.text().input()).isEqualTo("token_ids");
    assertThat(manifest.stftFrontEnd()).as("--target cuda keeps the Conv1d front-end").isEqualTo("conv");
    assertThat(manifest.text().tokenizer()).isEqualTo(BundleExporter.TOKENIZER_FILE);
    assertThat(manifest.text().backbone()).isEqualTo("xlm-roberta-base");
    assertThat(manifest.text().maxTokens()).isEqualTo(38);
    assertThat(manifest.embeddingDim()).isEqualTo(16);
    assertThat(manifest.temperature()).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(Files.readString(bundle.resolve(BundleExporter.TOKENIZER_FILE)))
        .isEqualTo(Files.readString(subs.resolve("tokenizer.json")));
    for (String graph : BundleExporter.mulanFiles()) {
      try (var in = Files.newInputStream(bundle.resolve(graph))) {
        assertThat(ai.muq.onnx.CudaOperators.unsupported(ai.onnx.proto.OnnxMl.ModelProto.parseFrom(in)))
            .as("operators of %s outside the CUDA allow-list", graph)
            .isEmpty();
      }
    }

    ModelConfig cfg = new ModelConfig("t", MUQ_CONFIG, new MulanConfig(32, 2, 0, 2, 16, 16, 32));
    MulanModel model = new MulanModel(cfg);
    XlmRobertaEncoder backbone = new XlmRobertaEncoder(XlmRobertaEncoder.MULAN_PREFIX, TEXT_CONFIG);
    List<ParamSpec> specs = new ArrayList<>(model.params());
    specs.addAll(backbone.params());

    float[] both = new float[2 * BundleExporter.CLIP_SAMPLES];
    System.arraycopy(music, 0, both, 0, music.length);
    System.arraycopy(noise, 0, both, music.length, noise.length);
    long[] ids = {0, 5, 9, 13, 2, 1, 1, 0, 7, 8, 11, 20, 30, 2};
    long[] mask = {1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    float[] expectedAudio;
    float[] expectedText;
    try (ParamStore store = storeFrom(specs, tensors, model.audioMuq());
        NDManager sub = manager.newSubManager()) {
      DjlOps ops = DjlOps.inference(store, sub);
      expectedAudio =
          model.audioEmbedding(ops, sub.create(both, new Shape(2, BundleExporter.CLIP_SAMPLES))).toFloatArray();
      NDArray idArray = sub.create(ids, new Shape(2, 7));
      NDArray maskF = sub.create(mask, new Shape(2, 7)).toType(DataType.FLOAT32, false);
      expectedText = model.textEmbedding(ops, backbone.forward(ops, idArray, maskF), maskF).toFloatArray();
    }
    try (OrtRunner ort = new OrtRunner(bundle.resolve(BundleExporter.MULAN_AUDIO_FILE));
        OnnxTensor in = ort.floats(both, 2, BundleExporter.CLIP_SAMPLES)) {
      float[] actual = ort.run(Map.of("waveform", in), Set.of("embedding")).get("embedding");
      assertClose("audio embedding", actual, expectedAudio, TOL);
      assertUnitRows(actual, 16);
    }
    try (OrtRunner ort = new OrtRunner(bundle.resolve(BundleExporter.MULAN_TEXT_FILE))) {
      float[] batched;
      try (OnnxTensor i = ort.longs(ids, 2, 7);
          OnnxTensor m = ort.longs(mask, 2, 7)) {
        batched = ort.run(Map.of("input_ids", i, "attention_mask", m), Set.of("embedding")).get("embedding");
      }
      assertClose("text embedding", batched, expectedText, TOL);
      assertUnitRows(batched, 16);
      // The padded first text alone, without padding, is the reference's single-text result.
      float[] alone;
      try (OnnxTensor i = ort.longs(new long[] {0, 5, 9, 13, 2}, 1, 5);
          OnnxTensor m = ort.longs(new long[] {1, 1, 1, 1, 1}, 1, 5)) {
        alone = ort.run(Map.of("input_ids", i, "attention_mask", m), Set.of("embedding")).get("embedding");
      }
      assertClose("padded vs alone", java.util.Arrays.copyOf(batched, 16), alone, TOL);
    }
  }

  // ------------------------------------------------------------------ errors: one line, exit 1

  private Path muqRelease(String name, List<FixtureTensor> tensors, MuqSizes sizes) throws Exception {
    Path release = dir.resolve(name);
    ReleasedCheckpoints.writeJson(release.resolve("config.json"), ReleasedCheckpoints.muqConfig(sizes));
    SafetensorsWriter.write(release.resolve("model.safetensors"), tensors);
    return release;
  }

  private static String failure(Path release, String... extra) {
    List<String> args = new ArrayList<>(List.of("import", "--from", release.toString(), "--out",
        release.resolveSibling(release.getFileName() + "-bundle").toString()));
    args.addAll(List.of(extra));
    Run run = cli(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.out()).isNotZero();
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(Files.exists(release.resolveSibling(release.getFileName() + "-bundle").resolve("bundle.json"))).isFalse();
    return run.err();
  }

  @Test
  void missingKeyIsOneLineNamingIt() throws Exception {
    List<FixtureTensor> tensors = new ArrayList<>(new ReleasedCheckpoints(3, DType.F32).muq("model.", MUQ).tensors());
    tensors.removeIf(t -> t.name().equals("model.conformer.layers.1.final_layer_norm.bias"));
    assertThat(failure(muqRelease("missing", tensors, MUQ)))
        .contains("missing key 'model.conformer.layers.1.final_layer_norm.bias' (expected shape [32])");
  }

  @Test
  void shapeMismatchIsOneLineNamingTheKey() throws Exception {
    List<FixtureTensor> tensors = new ReleasedCheckpoints(4, DType.F32).muq("model.", MUQ).tensors();
    // config.json says a 48-wide feed-forward, the tensors are 64 wide
    MuqSizes other = new MuqSizes(4, 32, 2, 2, 48, 64);
    assertThat(failure(muqRelease("shape", tensors, other)))
        .contains("key 'model.conformer.layers.0.ffn1.intermediate_dense.weight' has shape [64, 32] in the"
            + " checkpoint but the config gives [48, 32]")
        .contains("more problems");
  }

  @Test
  void keyOfADeeperModelIsNotDroppedSilently() throws Exception {
    List<FixtureTensor> tensors = new ReleasedCheckpoints(5, DType.F32).muq("model.", new MuqSizes(4, 32, 3, 2, 64, 64)).tensors();
    assertThat(failure(muqRelease("deeper", tensors, MUQ)))
        .contains("checkpoint key 'model.conformer.layers.2.")
        .contains("is not part of the model the config describes");
  }

  @Test
  void integerTensorWhereAWeightBelongsIsRefused() throws Exception {
    List<FixtureTensor> tensors = new ArrayList<>(new ReleasedCheckpoints(6, DType.F32).muq("model.", MUQ).tensors());
    tensors.replaceAll(t -> t.name().equals("model.conv.linear.bias")
        ? new FixtureTensor(t.name(), DType.I64, t.shape(), null, new long[32]) : t);
    assertThat(failure(muqRelease("dtype", tensors, MUQ)))
        .contains("key 'model.conv.linear.bias' has dtype I64; expected F32, F16 or BF16");
  }

  @Test
  void truncatedWeightsFileIsRefused() throws Exception {
    Path release = muqRelease("truncated", new ReleasedCheckpoints(7, DType.F32).muq("model.", MUQ).tensors(), MUQ);
    Path file = release.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 100));
    assertThat(failure(release)).contains("model.safetensors").contains("truncated");
  }

  @Test
  void hostilePickleIsRefusedBeforeAnythingRuns() throws Exception {
    Path release = dir.resolve("hostile");
    ReleasedCheckpoints.writeJson(release.resolve("config.json"),
        ReleasedCheckpoints.mulanConfig("OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-base", 1024, RELEASED_TOWERS));
    ReleasedCheckpoints.writeTokenizer(release.resolve("tokenizer.json"));
    byte[] evil = new ai.muq.importer.fixtures.PickleWriter()
        .proto(2).global("os", "system").string("echo pwned > " + dir.resolve("pwned")).tuple(1).op('R').op('.')
        .toByteArray();
    new TorchZipWriter().write(release.resolve("pytorch_model.bin"), evil);
    assertThat(failure(release)).contains("refusing global os.system");
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @Test
  void unknownSubModelWithoutItsFlagIsOneClearError() throws Exception {
    Path release = dir.resolve("unknown-audio");
    ReleasedCheckpoints.writeJson(release.resolve("config.json"),
        ReleasedCheckpoints.mulanConfig("someone/MuQ-huge", "xlm-roberta-base", 1024, RELEASED_TOWERS));
    assertThat(failure(release))
        .contains("names the audio model 'someone/MuQ-huge', which has no built-in configuration")
        .contains("--audio-config");
    Path text = dir.resolve("unknown-text");
    ReleasedCheckpoints.writeJson(text.resolve("config.json"),
        ReleasedCheckpoints.mulanConfig("OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-large", 1024, RELEASED_TOWERS));
    assertThat(failure(text)).contains("'xlm-roberta-large'").contains("--text-config");
  }

  @Test
  void missingTokenizerSaysWhereToGetIt() throws Exception {
    Path release = dir.resolve("no-tokenizer");
    ReleasedCheckpoints.writeJson(release.resolve("config.json"),
        ReleasedCheckpoints.mulanConfig("OpenMuQ/MuQ-large-msd-iter", "xlm-roberta-base", 1024, RELEASED_TOWERS));
    assertThat(failure(release)).contains("no tokenizer.json").contains("xlm-roberta-base").contains("--tokenizer");
  }

  @Test
  void unknownConfigAndBadPrecisionAreRefused() throws Exception {
    Path release = dir.resolve("not-muq");
    ReleasedCheckpoints.writeJson(release.resolve("config.json"),
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("model_type", "bert"));
    assertThat(failure(release)).contains("neither a MuQ config").contains("nor a MuQ-MuLan config");
    Path ok = muqRelease("precision", new ReleasedCheckpoints(8, DType.F32).muq("model.", MUQ).tensors(), MUQ);
    assertThat(failure(ok, "--precision", "int4")).contains("--precision must be fp32, fp16 or int8");
  }

  static void assertUnitRows(float[] rows, int d) {
    for (int r = 0; r < rows.length / d; r++) {
      double n = 0;
      for (int i = 0; i < d; i++) {
        n += rows[r * d + i] * rows[r * d + i];
      }
      assertThat(Math.sqrt(n)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  static void assertClose(String what, float[] actual, float[] expected, double tol) {
    assertThat(actual).as(what + " length").hasSize(expected.length);
    double worst = 0;
    int at = -1;
    for (int i = 0; i < actual.length; i++) {
      double err = Math.abs(actual[i] - expected[i]) / Math.max(1.0, Math.abs(expected[i]));
      if (!(err <= worst)) {
        worst = err;
        at = i;
      }
    }
    assertThat(worst).as("%s: worst error %.3g at %d", what, worst, at).isLessThanOrEqualTo(tol);
  }
}
