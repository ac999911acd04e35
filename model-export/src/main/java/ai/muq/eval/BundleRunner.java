package ai.muq.eval;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.muq.bundle.Bundle;
import ai.muq.bundle.BundleException;
import ai.muq.bundle.BundleManifest;
import ai.muq.bundle.BundleTensors;
import ai.muq.bundle.Clips;
import ai.muq.bundle.TextTooLongException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
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

  /**
   * Opens a bundle exactly as the service does ({@link Bundle#open}); {@code eval} also needs its
   * MuQ encoder.
   *
   * @throws BundleException with the service's refusal line when the bundle cannot be used
   */
  public BundleRunner(Path dir) throws IOException, OrtException {
    this.dir = dir;
    Bundle bundle;
    try {
      bundle = Bundle.open(dir);
      this.manifest = bundle.manifest();
      bundle.graph(BundleManifest.GRAPH_MUQ_ENCODER);
    } catch (BundleException e) {
      throw new BundleException(BundleException.refusal(dir, e.getMessage()), e);
    }
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    encoder = env.createSession(bundle.graph(BundleManifest.GRAPH_MUQ_ENCODER).toString(), opts);
    for (int i = 0; i < manifest.numHiddenStates(); i++) {
      hiddenOutputs.add(BundleTensors.hiddenState(i));
    }
    if (BundleManifest.KIND_MUQ_MULAN.equals(manifest.kind())) {
      mulanAudio = env.createSession(bundle.graph(BundleManifest.GRAPH_MULAN_AUDIO).toString(), opts);
      mulanText = env.createSession(bundle.graph(BundleManifest.GRAPH_MULAN_TEXT).toString(), opts);
      try (InputStream tok = bundle.textTokenizer()) {
        tokenizer = HuggingFaceTokenizer.newInstance(tok, Bundle.TOKENIZER_OPTIONS);
      }
      backbone = BundleTensors.TEXT_INPUT_HIDDEN_STATES.equals(manifest.text().input())
          ? env.createSession(bundle.textBackbone(), opts)
          : null;
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
    return manifest.clipSamples();
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
          OrtSession.Result r = encoder.run(Map.of(BundleTensors.WAVEFORM, in), new java.util.LinkedHashSet<>(hiddenOutputs))) {
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

  /** The MuLan audio embedding: the mean of the clip embeddings ({@link Clips#mean}, as served). */
  public float[] audioEmbedding(List<float[]> clips) throws OrtException {
    requireMulan();
    List<float[]> embedded = new ArrayList<>(clips.size());
    for (int from = 0; from < clips.size(); from += CLIP_BATCH) {
      List<float[]> batch = clips.subList(from, Math.min(clips.size(), from + CLIP_BATCH));
      try (OnnxTensor in = stack(batch);
          OrtSession.Result r = mulanAudio.run(Map.of(BundleTensors.WAVEFORM, in))) {
        embedded.addAll(List.of((float[][]) r.get(0).getValue()));
      }
    }
    return Clips.mean(embedded);
  }

  /**
   * The MuLan text embedding of one text (unit norm).
   *
   * @throws TextTooLongException as the service answers, when the text has more tokens than the
   *     bundle's text graph accepts
   */
  public float[] textEmbedding(String text) throws OrtException {
    requireMulan();
    Encoding e = tokenizer.encode(text);
    int n = e.getIds().length;
    if (n > manifest.textMaxTokens()) {
      throw new TextTooLongException(n, manifest.textMaxTokens());
    }
    long[] ids = e.getIds();
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
          in.put(BundleTensors.INPUT_IDS, idT);
          in.put(BundleTensors.ATTENTION_MASK, maskT);
          if (backbone.getInputNames().contains(BundleTensors.TOKEN_TYPE_IDS)) {
            in.put(BundleTensors.TOKEN_TYPE_IDS, typeT);
          }
          String out = backbone.getOutputNames().contains(BundleTensors.LAST_HIDDEN_STATE)
              ? BundleTensors.LAST_HIDDEN_STATE : backbone.getOutputNames().iterator().next();
          hidden = backbone.run(in, java.util.Set.of(out));
          textIn.put(BundleTensors.HIDDEN_STATES, (OnnxTensor) hidden.get(0));
        } else {
          textIn.put(BundleTensors.INPUT_IDS, idT);
        }
        textIn.put(BundleTensors.ATTENTION_MASK, maskT);
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
