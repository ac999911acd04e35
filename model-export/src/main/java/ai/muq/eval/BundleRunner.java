package ai.muq.eval;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.muq.bundle.BundleManifest;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a model bundle's graphs in ONNX Runtime (CPU, all graph optimisations) for evaluation:
 * per-layer MuQ features, MuLan audio embeddings and MuLan text embeddings (each text embedded on
 * its own, which avoids the reference text tower's batch-dependent padding).
 */
public final class BundleRunner implements AutoCloseable {

  private static final int CLIP_BATCH = 4;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final Path dir;
  private final BundleManifest manifest;
  private final OrtSession encoder;
  private final OrtSession mulanAudio;
  private final OrtSession mulanText;
  private final OrtSession backbone;
  private final HuggingFaceTokenizer tokenizer;
  private final List<String> hiddenOutputs = new ArrayList<>();

  public BundleRunner(Path dir) throws IOException, OrtException {
    this.dir = dir;
    this.manifest = BundleManifest.read(dir);
    manifest.verify(dir);
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    String enc = manifest.graphs().get(BundleManifest.GRAPH_MUQ_ENCODER);
    if (enc == null) {
      throw new IOException("bundle " + dir + " has no " + BundleManifest.GRAPH_MUQ_ENCODER + " graph");
    }
    encoder = env.createSession(dir.resolve(enc).toString(), opts);
    for (int i = 0; i < manifest.numHiddenStates(); i++) {
      hiddenOutputs.add("hidden_state_" + i);
    }
    if (BundleManifest.KIND_MUQ_MULAN.equals(manifest.kind())) {
      mulanAudio = env.createSession(dir.resolve(manifest.graphs().get(BundleManifest.GRAPH_MULAN_AUDIO)).toString(), opts);
      mulanText = env.createSession(dir.resolve(manifest.graphs().get(BundleManifest.GRAPH_MULAN_TEXT)).toString(), opts);
      BundleManifest.Text text = manifest.text();
      try (InputStream tok = open(text.tokenizer())) {
        tokenizer = HuggingFaceTokenizer.newInstance(tok, Map.of("addSpecialTokens", "true", "padding", "false"));
      }
      if ("hidden_states".equals(text.input())) {
        String file = manifest.graphs().get(BundleManifest.GRAPH_TEXT_BACKBONE);
        backbone = file != null
            ? env.createSession(dir.resolve(file).toString(), opts)
            : env.createSession(readAll(text.backboneSource()), opts);
      } else {
        backbone = null;
      }
    } else {
      mulanAudio = null;
      mulanText = null;
      backbone = null;
      tokenizer = null;
    }
  }

  public BundleManifest manifest() {
    return manifest;
  }

  public Path dir() {
    return dir;
  }

  /** Whether the bundle has the joint music-text space (zero-shot tagging, retrieval). */
  public boolean hasMulan() {
    return mulanAudio != null;
  }

  public int clipSamples() {
    return (int) Math.round(manifest.clipSeconds() * manifest.sampleRate());
  }

  public int hiddenStates() {
    return manifest.numHiddenStates();
  }

  /** Mean-pooled hidden states [L + 1][D] of a track's clips, averaged over the clips. */
  public float[][] layerFeatures(List<float[]> clips) throws OrtException {
    int d = manifest.hiddenDim();
    float[][] sum = new float[hiddenOutputs.size()][d];
    for (int from = 0; from < clips.size(); from += CLIP_BATCH) {
      List<float[]> batch = clips.subList(from, Math.min(clips.size(), from + CLIP_BATCH));
      try (OnnxTensor in = stack(batch);
          OrtSession.Result r = encoder.run(Map.of("waveform", in), new java.util.LinkedHashSet<>(hiddenOutputs))) {
        for (int l = 0; l < hiddenOutputs.size(); l++) {
          float[][][] h = (float[][][]) r.get(hiddenOutputs.get(l)).orElseThrow().getValue();
          for (float[][] clip : h) {
            for (float[] frame : clip) {
              for (int k = 0; k < d; k++) {
                sum[l][k] += frame[k] / clip.length;
              }
            }
          }
        }
      }
    }
    for (float[] row : sum) {
      for (int k = 0; k < d; k++) {
        row[k] /= clips.size();
      }
    }
    return sum;
  }

  /** The MuLan audio embedding: the mean of the clip embeddings (not renormalised, as the reference). */
  public float[] audioEmbedding(List<float[]> clips) throws OrtException {
    requireMulan();
    float[] mean = new float[manifest.embeddingDim()];
    for (int from = 0; from < clips.size(); from += CLIP_BATCH) {
      List<float[]> batch = clips.subList(from, Math.min(clips.size(), from + CLIP_BATCH));
      try (OnnxTensor in = stack(batch); OrtSession.Result r = mulanAudio.run(Map.of("waveform", in))) {
        float[][] e = (float[][]) r.get(0).getValue();
        for (float[] row : e) {
          for (int k = 0; k < mean.length; k++) {
            mean[k] += row[k] / clips.size();
          }
        }
      }
    }
    return mean;
  }

  /** The MuLan text embedding of one text (unit norm). */
  public float[] textEmbedding(String text) throws OrtException {
    requireMulan();
    Encoding e = tokenizer.encode(text);
    int n = Math.min(e.getIds().length, manifest.text().maxTokens());
    long[] ids = java.util.Arrays.copyOf(e.getIds(), n);
    long[] mask = new long[n];
    java.util.Arrays.fill(mask, 1);
    long[] shape = {1, n};
    Map<String, OnnxTensor> textIn = new LinkedHashMap<>();
    try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[n]), shape)) {
      OrtSession.Result hidden = null;
      try {
        if (backbone != null) {
          Map<String, OnnxTensor> in = new LinkedHashMap<>();
          in.put("input_ids", idT);
          in.put("attention_mask", maskT);
          if (backbone.getInputNames().contains("token_type_ids")) {
            in.put("token_type_ids", typeT);
          }
          String out = backbone.getOutputNames().contains("last_hidden_state")
              ? "last_hidden_state" : backbone.getOutputNames().iterator().next();
          hidden = backbone.run(in, java.util.Set.of(out));
          textIn.put("hidden_states", (OnnxTensor) hidden.get(0));
        } else {
          textIn.put("input_ids", idT);
        }
        textIn.put("attention_mask", maskT);
        try (OrtSession.Result r = mulanText.run(textIn)) {
          return ((float[][]) r.get(0).getValue())[0];
        }
      } finally {
        if (hidden != null) {
          hidden.close();
        }
      }
    }
  }

  private void requireMulan() {
    if (!hasMulan()) {
      throw new IllegalStateException("bundle " + dir + " is kind " + manifest.kind() + ", not muq-mulan");
    }
  }

  private OnnxTensor stack(List<float[]> clips) throws OrtException {
    int n = clips.getFirst().length;
    FloatBuffer b = FloatBuffer.allocate(clips.size() * n);
    for (float[] c : clips) {
      b.put(c);
    }
    b.flip();
    return OnnxTensor.createTensor(env, b, new long[] {clips.size(), n});
  }

  private InputStream open(String source) throws IOException {
    if (source == null) {
      throw new IOException("bundle " + dir + " names no text tokenizer");
    }
    if (source.startsWith("classpath:")) {
      InputStream in = BundleRunner.class.getClassLoader().getResourceAsStream(source.substring("classpath:".length()));
      if (in == null) {
        throw new IOException("resource " + source + " is not on the class path");
      }
      return in;
    }
    return Files.newInputStream(dir.resolve(source));
  }

  private byte[] readAll(String source) throws IOException {
    try (InputStream in = open(source)) {
      return in.readAllBytes();
    }
  }

  @Override
  public void close() throws OrtException {
    encoder.close();
    if (mulanAudio != null) {
      mulanAudio.close();
      mulanText.close();
    }
    if (backbone != null) {
      backbone.close();
    }
    if (tokenizer != null) {
      tokenizer.close();
    }
  }
}
