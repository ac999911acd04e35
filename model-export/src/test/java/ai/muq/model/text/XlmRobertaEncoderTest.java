package ai.muq.model.text;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.muq.cli.Engines;
import ai.muq.model.DjlOps;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The XLM-RoBERTa part against an independent scalar implementation of HuggingFace's
 * XLMRobertaModel forward (written from its definition in double precision): positions from the
 * padding (pads 1, tokens 2, 3, ...), word + type 0 + position embeddings and LayerNorm (eps 1e-5),
 * post-norm layers with exact erf GELU, padded keys masked with the most negative float.
 */
class XlmRobertaEncoderTest {

  static final XlmRobertaConfig CFG = new XlmRobertaConfig(30, 16, 2, 4, 24, 20, 1, 1e-5, 1);
  static final String PREFIX = "text.";

  @Test
  void matchesTheScalarReferenceOnAPaddedBatch() {
    Engines.init();
    XlmRobertaEncoder encoder = new XlmRobertaEncoder(PREFIX, CFG);
    long[][] ids = {{0, 7, 12, 29, 4, 2, 1, 1}, {0, 3, 3, 9, 18, 22, 11, 2}};
    long[][] mask = {{1, 1, 1, 1, 1, 1, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1}};
    int b = ids.length;
    int t = ids[0].length;
    try (NDManager manager = NDManager.newBaseManager();
        ParamStore store = randomStore(manager, encoder)) {
      float[] actual;
      try (NDManager sub = manager.newSubManager()) {
        long[] flatIds = new long[b * t];
        long[] flatMask = new long[b * t];
        for (int i = 0; i < b; i++) {
          System.arraycopy(ids[i], 0, flatIds, i * t, t);
          System.arraycopy(mask[i], 0, flatMask, i * t, t);
        }
        actual =
            encoder
                .forward(
                    DjlOps.inference(store, sub),
                    sub.create(flatIds, new Shape(b, t)),
                    sub.create(flatMask, new Shape(b, t)).toType(DataType.FLOAT32, false))
                .toFloatArray();
      }
      int h = CFG.hiddenSize();
      Reference ref = new Reference(store);
      for (int i = 0; i < b; i++) {
        double[][] expected = ref.forward(ids[i], mask[i]);
        for (int j = 0; j < t; j++) {
          if (mask[i][j] == 0) {
            continue; // a pad's own output is not used by anything downstream
          }
          for (int k = 0; k < h; k++) {
            assertThat((double) actual[(i * t + j) * h + k])
                .as("batch %d token %d dim %d", i, j, k)
                .isCloseTo(expected[j][k], org.assertj.core.data.Offset.offset(1e-4));
          }
        }
      }
    }
  }

  @Test
  void paddingDoesNotChangeTheRealTokens() {
    Engines.init();
    XlmRobertaEncoder encoder = new XlmRobertaEncoder(PREFIX, CFG);
    try (NDManager manager = NDManager.newBaseManager();
        ParamStore store = randomStore(manager, encoder)) {
      Reference ref = new Reference(store);
      double[][] alone = ref.forward(new long[] {0, 5, 6, 2}, new long[] {1, 1, 1, 1});
      double[][] padded = ref.forward(new long[] {0, 5, 6, 2, 1, 1}, new long[] {1, 1, 1, 1, 0, 0});
      for (int j = 0; j < 4; j++) {
        for (int k = 0; k < CFG.hiddenSize(); k++) {
          assertThat(padded[j][k]).isCloseTo(alone[j][k], org.assertj.core.data.Offset.offset(1e-9));
        }
      }
    }
  }

  static ParamStore randomStore(NDManager manager, XlmRobertaEncoder encoder) {
    ParamStore store = new ParamStore(manager, encoder.params());
    SplittableRandom r = new SplittableRandom(3);
    for (ParamSpec s : encoder.params()) {
      float[] v = new float[(int) s.size()];
      boolean scale = s.name().endsWith("LayerNorm.weight");
      for (int i = 0; i < v.length; i++) {
        double u = (r.nextDouble() * 2 - 1) * 0.5;
        v[i] = (float) (scale ? 1 + u * 0.4 : u);
      }
      store.set(s.name(), v);
    }
    return store;
  }

  /** HuggingFace XLMRobertaModel's forward for one sequence, in double, from the store's values. */
  record Reference(ParamStore store) {

    double[] p(String name) {
      float[] f = store.floats(PREFIX + name);
      double[] d = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = f[i];
      }
      return d;
    }

    double[][] forward(long[] ids, long[] mask) {
      int t = ids.length;
      int h = CFG.hiddenSize();
      double[] word = p("embeddings.word_embeddings.weight");
      double[] pos = p("embeddings.position_embeddings.weight");
      double[] type = p("embeddings.token_type_embeddings.weight");
      double[][] x = new double[t][h];
      long count = 0;
      for (int j = 0; j < t; j++) {
        // create_position_ids_from_input_ids: cumsum of non-pad tokens, pads keep padding_idx
        long position = ids[j] != CFG.padTokenId() ? ++count + CFG.padTokenId() : CFG.padTokenId();
        for (int k = 0; k < h; k++) {
          x[j][k] = word[(int) ids[j] * h + k] + type[k] + pos[(int) position * h + k];
        }
        x[j] = layerNorm(x[j], p("embeddings.LayerNorm.weight"), p("embeddings.LayerNorm.bias"));
      }
      for (int l = 0; l < CFG.numLayers(); l++) {
        x = layer("encoder.layer." + l + ".", x, mask);
      }
      return x;
    }

    double[][] layer(String q, double[][] x, long[] mask) {
      int t = x.length;
      int h = CFG.hiddenSize();
      int heads = CFG.numHeads();
      int dh = h / heads;
      double[][] qs = linear(x, p(q + "attention.self.query.weight"), p(q + "attention.self.query.bias"));
      double[][] ks = linear(x, p(q + "attention.self.key.weight"), p(q + "attention.self.key.bias"));
      double[][] vs = linear(x, p(q + "attention.self.value.weight"), p(q + "attention.self.value.bias"));
      double[][] ctx = new double[t][h];
      for (int hd = 0; hd < heads; hd++) {
        for (int i = 0; i < t; i++) {
          double[] s = new double[t];
          double max = Double.NEGATIVE_INFINITY;
          for (int j = 0; j < t; j++) {
            double dot = 0;
            for (int d = 0; d < dh; d++) {
              dot += qs[i][hd * dh + d] * ks[j][hd * dh + d];
            }
            s[j] = dot / Math.sqrt(dh) + (mask[j] == 1 ? 0 : -Float.MAX_VALUE);
            max = Math.max(max, s[j]);
          }
          double sum = 0;
          for (int j = 0; j < t; j++) {
            s[j] = Math.exp(s[j] - max);
            sum += s[j];
          }
          for (int j = 0; j < t; j++) {
            for (int d = 0; d < dh; d++) {
              ctx[i][hd * dh + d] += s[j] / sum * vs[j][hd * dh + d];
            }
          }
        }
      }
      double[][] attn = linear(ctx, p(q + "attention.output.dense.weight"), p(q + "attention.output.dense.bias"));
      double[][] a = new double[t][];
      for (int i = 0; i < t; i++) {
        a[i] = layerNorm(add(attn[i], x[i]), p(q + "attention.output.LayerNorm.weight"), p(q + "attention.output.LayerNorm.bias"));
      }
      double[][] inter = linear(a, p(q + "intermediate.dense.weight"), p(q + "intermediate.dense.bias"));
      for (double[] row : inter) {
        for (int k = 0; k < row.length; k++) {
          row[k] = 0.5 * row[k] * (1 + erf(row[k] / Math.sqrt(2)));
        }
      }
      double[][] o = linear(inter, p(q + "output.dense.weight"), p(q + "output.dense.bias"));
      double[][] out = new double[t][];
      for (int i = 0; i < t; i++) {
        out[i] = layerNorm(add(o[i], a[i]), p(q + "output.LayerNorm.weight"), p(q + "output.LayerNorm.bias"));
      }
      return out;
    }

    static double[][] linear(double[][] x, double[] w, double[] bias) {
      int out = bias.length;
      int in = x[0].length;
      double[][] y = new double[x.length][out];
      for (int i = 0; i < x.length; i++) {
        for (int o = 0; o < out; o++) {
          double s = bias[o];
          for (int k = 0; k < in; k++) {
            s += x[i][k] * w[o * in + k];
          }
          y[i][o] = s;
        }
      }
      return y;
    }

    static double[] add(double[] a, double[] b) {
      double[] c = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        c[i] = a[i] + b[i];
      }
      return c;
    }

    static double[] layerNorm(double[] x, double[] g, double[] b) {
      double mean = 0;
      for (double v : x) {
        mean += v;
      }
      mean /= x.length;
      double var = 0;
      for (double v : x) {
        var += (v - mean) * (v - mean);
      }
      var /= x.length;
      double[] y = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        y[i] = (x[i] - mean) / Math.sqrt(var + CFG.layerNormEps()) * g[i] + b[i];
      }
      return y;
    }

    /** erf by its Maclaurin series (|x| < 3) or the continued-fraction tail, to ~1e-12. */
    static double erf(double x) {
      double ax = Math.abs(x);
      double r;
      if (ax < 3) {
        double term = ax;
        double sum = ax;
        for (int n = 1; n < 200; n++) {
          term *= -ax * ax / n;
          double add = term / (2 * n + 1);
          sum += add;
          if (Math.abs(add) < 1e-17) {
            break;
          }
        }
        r = 2 / Math.sqrt(Math.PI) * sum;
      } else {
        // erfc(x) = exp(-x^2) / sqrt(pi) * 1 / (x + 1/2 / (x + 1 / (x + 3/2 / (x + ...))))
        double f = ax;
        for (int k = 60; k >= 1; k--) {
          f = ax + (k / 2.0) / f;
        }
        r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
      }
      return x < 0 ? -r : r;
    }
  }
}
