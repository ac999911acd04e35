package ai.muq.onnx;

import ai.muq.bundle.BundleManifest;
import ai.muq.model.TestSignals;
import ai.onnxruntime.OnnxTensor;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares two bundles of the same weights (e.g. the default bundle before and after a re-export
 * with another front-end or precision): the largest difference of every hidden state, the cosine
 * of the mean-pooled last hidden state and of the audio embedding on rendered music and noise,
 * and the time per 10 s clip of the encoder and the MuLan audio tower, round-robin in one run.
 * Not a test (timings are printed, not asserted):
 *
 * <pre>
 * ./mvnw -B -o -q -pl model-export -am test-compile
 * java -cp "model-export/target/test-classes:model-export/target/classes:$(cat cp.txt)" \
 *     ai.muq.onnx.BundleCompareBenchmark OLD_BUNDLE NEW_BUNDLE [repeats]
 * </pre>
 */
public final class BundleCompareBenchmark {

  public static void main(String[] args) throws Exception {
    Path a = Path.of(args[0]);
    Path b = Path.of(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    BundleManifest ma = BundleManifest.read(a);
    BundleManifest mb = BundleManifest.read(b);
    int clip = BundleExporter.CLIP_SAMPLES;
    float[] music = TestSignals.renderedMusic(clip);
    float[] noise = TestSignals.noise(clip, 3, 0.3f);
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < ma.numHiddenStates(); i++) {
      names.add("hidden_state_" + i);
    }
    String last = "hidden_state_" + (ma.numHiddenStates() - 1);
    System.out.printf("A %s (stft %s, %s)%nB %s (stft %s, %s)%n", ma.id(), ma.stftFrontEnd(),
        ma.producer(), mb.id(), mb.stftFrontEnd(), mb.producer());
    String enc = BundleExporter.MUQ_ENCODER_FILE;
    // kind muq bundles have no audio tower: the encoder is compared twice then
    String aud = ma.graphs().containsKey(BundleManifest.GRAPH_MULAN_AUDIO) ? BundleExporter.MULAN_AUDIO_FILE : null;
    try (OrtRunner ea = new OrtRunner(a.resolve(enc)); OrtRunner eb = new OrtRunner(b.resolve(enc));
        OrtRunner ua = aud == null ? null : new OrtRunner(a.resolve(aud));
        OrtRunner ub = aud == null ? null : new OrtRunner(b.resolve(aud))) {
      for (var entry : Map.of("music", music, "noise", noise).entrySet()) {
        Map<String, float[]> ra = run(ea, entry.getValue(), names);
        Map<String, float[]> rb = run(eb, entry.getValue(), names);
        for (String n : names) {
          System.out.printf("%s %-15s max |diff| %.3g (relative above 1)%n", entry.getKey(), n,
              maxRelDiff(ra.get(n), rb.get(n)));
        }
        int d = ma.hiddenDim();
        System.out.printf("%s mean-pooled %s cosine %.6f%n", entry.getKey(), last,
            cosine(meanPool(ra.get(last), d), meanPool(rb.get(last), d)));
        if (ua == null) {
          continue;
        }
        float[] xa = run(ua, entry.getValue(), Set.of("embedding")).get("embedding");
        float[] xb = run(ub, entry.getValue(), Set.of("embedding")).get("embedding");
        System.out.printf("%s audio embedding cosine %.6f, max |diff| %.3g%n", entry.getKey(),
            cosine(xa, xb), maxRelDiff(xa, xb));
      }
      for (var pair : ua == null ? List.of(List.of(ea, eb)) : List.of(List.of(ea, eb), List.of(ua, ub))) {
        String out = pair.getFirst() == ea ? last : "embedding";
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[][] all = new double[2][repeats];
        for (int r = -1; r < repeats; r++) {
          for (int k = 0; k < 2; k++) {
            long t0 = System.nanoTime();
            run(pair.get(k), music, Set.of(out));
            double s = (System.nanoTime() - t0) / 1e9;
            if (r >= 0) {
              all[k][r] = s;
              best[k] = Math.min(best[k], s);
            }
          }
        }
        java.util.Arrays.sort(all[0]);
        java.util.Arrays.sort(all[1]);
        System.out.printf("%s per 10 s clip, batch 1: A min %.4f s median %.4f s | B min %.4f s median %.4f s | speed-up %.2fx (min) %.2fx (median)%n",
            out.equals("embedding") ? "mulan-audio" : "muq-encoder", best[0], all[0][repeats / 2],
            best[1], all[1][repeats / 2], best[0] / best[1], all[0][repeats / 2] / all[1][repeats / 2]);
      }
    }
  }

  static Map<String, float[]> run(OrtRunner r, float[] wave, Set<String> outs) throws Exception {
    try (OnnxTensor in = r.floats(wave, 1, wave.length)) {
      return r.run(Map.of("waveform", in), outs);
    }
  }

  static double maxRelDiff(float[] x, float[] y) {
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1.0, Math.abs(x[i])));
    }
    return worst;
  }

  static float[] meanPool(float[] h, int d) {
    float[] m = new float[d];
    int frames = h.length / d;
    for (int t = 0; t < frames; t++) {
      for (int i = 0; i < d; i++) {
        m[i] += h[t * d + i] / frames;
      }
    }
    return m;
  }

  static double cosine(float[] x, float[] y) {
    double dot = 0, nx = 0, ny = 0;
    for (int i = 0; i < x.length; i++) {
      dot += x[i] * y[i];
      nx += x[i] * x[i];
      ny += y[i] * y[i];
    }
    return dot / Math.sqrt(nx * ny);
  }
}
