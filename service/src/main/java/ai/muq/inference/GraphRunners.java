package ai.muq.inference;

import ai.muq.bundle.BundleTensors;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The batch functions that run a bundle's ONNX graphs. */
final class GraphRunners {

  private GraphRunners() {}

  /** Item of the encoder: one chunk of waveform and the hidden state indices wanted. */
  record EncoderJob(float[] wave, int[] layers) {}

  /** {@code mulan_audio}: equally long clips [B, samples] to unit embeddings [B, dim]. */
  static BatchFunction<float[], float[]> mulanAudio(OrtEnvironment env, OrtSession session) {
    return items -> {
      int n = items.getFirst().length;
      for (float[] clip : items) {
        if (clip.length != n) {
          throw new IllegalArgumentException("mulan_audio clips must be equally long");
        }
      }
      try (OnnxTensor wave = stack(env, items, n);
          OrtSession.Result r = session.run(Map.of(BundleTensors.WAVEFORM, wave), Set.of(BundleTensors.EMBEDDING))) {
        return rows((float[][]) r.get(0).getValue());
      }
    };
  }

  /**
   * {@code mulan_text} (and the text backbone before it for {@code hidden_states} bundles). With
   * {@code padded} true, a batch is padded to its longest text and the padding masked; otherwise
   * only texts of equal token length share a run, so no padding exists at all.
   */
  static final class MulanText implements BatchFunction<TokenizedText, float[]> {
    private final OrtEnvironment env;
    private final OrtSession text;
    private final OrtSession backbone;
    private final boolean backboneTypeIds;
    private final String backboneOutput;
    private volatile boolean padded = true;

    MulanText(OrtEnvironment env, OrtSession text, OrtSession backbone) {
      this.env = env;
      this.text = text;
      this.backbone = backbone;
      this.backboneTypeIds = backbone != null && backbone.getInputNames().contains(BundleTensors.TOKEN_TYPE_IDS);
      this.backboneOutput =
          backbone == null
              ? null
              : backbone.getOutputNames().contains(BundleTensors.LAST_HIDDEN_STATE)
                  ? BundleTensors.LAST_HIDDEN_STATE
                  : backbone.getOutputNames().iterator().next();
    }

    void padded(boolean padded) {
      this.padded = padded;
    }

    boolean padded() {
      return padded;
    }

    @Override
    public List<float[]> apply(List<TokenizedText> items) throws OrtException {
      if (padded) {
        return runPadded(items);
      }
      Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
      for (int i = 0; i < items.size(); i++) {
        byLength.computeIfAbsent(items.get(i).length(), k -> new ArrayList<>()).add(i);
      }
      float[][] out = new float[items.size()][];
      for (List<Integer> group : byLength.values()) {
        List<TokenizedText> sub = new ArrayList<>(group.size());
        for (int i : group) {
          sub.add(items.get(i));
        }
        List<float[]> res = runPadded(sub);
        for (int k = 0; k < group.size(); k++) {
          out[group.get(k)] = res.get(k);
        }
      }
      return List.of(out);
    }

    private List<float[]> runPadded(List<TokenizedText> items) throws OrtException {
      int b = items.size();
      int t = 0;
      for (TokenizedText tt : items) {
        t = Math.max(t, tt.length());
      }
      long[] ids = new long[b * t];
      long[] mask = new long[b * t];
      long[] types = new long[b * t];
      for (int i = 0; i < b; i++) {
        TokenizedText tt = items.get(i);
        System.arraycopy(tt.ids(), 0, ids, i * t, tt.length());
        System.arraycopy(tt.typeIds(), 0, types, i * t, tt.length());
        for (int j = 0; j < tt.length(); j++) {
          mask[i * t + j] = 1;
        }
      }
      long[] shape = {b, t};
      try (OnnxTensor idT = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
          OnnxTensor maskT = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
          OnnxTensor typeT = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape)) {
        if (backbone == null) {
          try (OrtSession.Result r =
              text.run(Map.of(BundleTensors.INPUT_IDS, idT, BundleTensors.ATTENTION_MASK, maskT), Set.of(BundleTensors.EMBEDDING))) {
            return rows((float[][]) r.get(0).getValue());
          }
        }
        Map<String, OnnxTensor> in = new HashMap<>();
        in.put(BundleTensors.INPUT_IDS, idT);
        in.put(BundleTensors.ATTENTION_MASK, maskT);
        if (backboneTypeIds) {
          in.put(BundleTensors.TOKEN_TYPE_IDS, typeT);
        }
        try (OrtSession.Result hidden = backbone.run(in, Set.of(backboneOutput))) {
          OnnxValue states = hidden.get(0);
          try (OrtSession.Result r =
              text.run(
                  Map.of(BundleTensors.HIDDEN_STATES, (OnnxTensor) states, BundleTensors.ATTENTION_MASK, maskT),
                  Set.of(BundleTensors.EMBEDDING))) {
            return rows((float[][]) r.get(0).getValue());
          }
        }
      }
    }
  }

  /**
   * {@code muq_encoder}: chunks of equal length share a run; each job gets the hidden states it
   * asked for, as [layer][frame][dim].
   */
  static BatchFunction<EncoderJob, float[][][]> muqEncoder(OrtEnvironment env, OrtSession session) {
    return items -> {
      Map<Integer, List<Integer>> byLength = new LinkedHashMap<>();
      for (int i = 0; i < items.size(); i++) {
        byLength.computeIfAbsent(items.get(i).wave().length, k -> new ArrayList<>()).add(i);
      }
      float[][][][] out = new float[items.size()][][][];
      for (Map.Entry<Integer, List<Integer>> group : byLength.entrySet()) {
        Set<Integer> layers = new TreeSet<>();
        List<float[]> waves = new ArrayList<>();
        for (int i : group.getValue()) {
          for (int l : items.get(i).layers()) {
            layers.add(l);
          }
          waves.add(items.get(i).wave());
        }
        Set<String> names = new java.util.LinkedHashSet<>();
        for (int l : layers) {
          names.add(BundleTensors.hiddenState(l));
        }
        try (OnnxTensor wave = stack(env, waves, group.getKey());
            OrtSession.Result r = session.run(Map.of(BundleTensors.WAVEFORM, wave), names)) {
          Map<Integer, float[][][]> byLayer = new HashMap<>();
          for (int l : layers) {
            byLayer.put(l, (float[][][]) r.get(BundleTensors.hiddenState(l)).orElseThrow().getValue());
          }
          List<Integer> idx = group.getValue();
          for (int k = 0; k < idx.size(); k++) {
            int[] want = items.get(idx.get(k)).layers();
            float[][][] mine = new float[want.length][][];
            for (int w = 0; w < want.length; w++) {
              mine[w] = byLayer.get(want[w])[k];
            }
            out[idx.get(k)] = mine;
          }
        }
      }
      return List.of(out);
    };
  }

  private static OnnxTensor stack(OrtEnvironment env, List<float[]> rows, int n)
      throws OrtException {
    FloatBuffer buf = FloatBuffer.allocate(rows.size() * n);
    for (float[] row : rows) {
      buf.put(row);
    }
    buf.flip();
    return OnnxTensor.createTensor(env, buf, new long[] {rows.size(), n});
  }

  private static List<float[]> rows(float[][] matrix) {
    return List.of(matrix);
  }
}
