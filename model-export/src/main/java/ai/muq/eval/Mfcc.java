package ai.muq.eval;

import ai.muq.model.MuqConfig;
import ai.muq.model.muq.MelFrontEnd;
import ai.muq.onnx.OnnxOps;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * MFCC-statistics features, the classic baseline of music tagging and probing: the model's own
 * dB mel spectrogram (the one {@link MelFrontEnd#decibels} definition, run as a small ONNX graph,
 * so baseline and model see the same mel), an orthonormal DCT-II over the 128 bands, and per
 * coefficient the mean and standard deviation over frames.
 */
public final class Mfcc implements AutoCloseable {

  public static final int DEFAULT_COEFFICIENTS = 20;

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession mel;
  private final int coefficients;
  private final double[][] dct;

  public Mfcc(int coefficients) throws OrtException {
    if (coefficients <= 0 || coefficients > MuqConfig.N_MELS) {
      throw new IllegalArgumentException("coefficients must be in 1.." + MuqConfig.N_MELS);
    }
    this.coefficients = coefficients;
    this.dct = dctII(coefficients, MuqConfig.N_MELS);
    // The dB part of the front-end reads no parameter, so the graph needs no parameter store.
    OnnxOps ops = new OnnxOps(null);
    OnnxOps.Value wave = ops.input("waveform", TensorProto.DataType.FLOAT_VALUE, "batch", "samples");
    OnnxOps.Value db = new MelFrontEnd("", null).decibels(ops, wave);
    ops.output(db, "db", TensorProto.DataType.FLOAT_VALUE, "batch", MuqConfig.N_MELS, "frames");
    byte[] graph = ops.build("mel_db", Map.of()).toByteArray();
    OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
    opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    mel = env.createSession(graph, opts);
  }

  public int coefficients() {
    return coefficients;
  }

  /** Feature size: mean and standard deviation of each coefficient. */
  public int featureSize() {
    return 2 * coefficients;
  }

  /**
   * The orthonormal DCT-II matrix [k][m] = s_k cos(pi k (2m + 1) / (2M)), s_0 = sqrt(1/M), s_k =
   * sqrt(2/M) otherwise (scipy's dct(type=2, norm="ortho")).
   */
  public static double[][] dctII(int k, int m) {
    double[][] d = new double[k][m];
    for (int i = 0; i < k; i++) {
      double s = i == 0 ? Math.sqrt(1.0 / m) : Math.sqrt(2.0 / m);
      for (int j = 0; j < m; j++) {
        d[i][j] = s * Math.cos(Math.PI * i * (2 * j + 1) / (2.0 * m));
      }
    }
    return d;
  }

  /** The dB mel spectrogram [128][frames] of a 24 kHz mono waveform (at least n_fft/2 + 1 samples). */
  public float[][] decibels(float[] waveform) throws OrtException {
    if (waveform.length <= MuqConfig.N_FFT / 2 + MuqConfig.HOP) {
      throw new IllegalArgumentException("waveform too short for one mel frame: " + waveform.length);
    }
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(waveform), new long[] {1, waveform.length});
        OrtSession.Result r = mel.run(Map.of("waveform", in))) {
      float[][][] out = (float[][][]) r.get(0).getValue();
      return out[0];
    }
  }

  /** MFCCs [frames][coefficients] of a dB mel spectrogram [bands][frames]. */
  public float[][] cepstrum(float[][] db) {
    int frames = db[0].length;
    float[][] c = new float[frames][coefficients];
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < coefficients; k++) {
        double s = 0;
        for (int m = 0; m < db.length; m++) {
          s += dct[k][m] * db[m][t];
        }
        c[t][k] = (float) s;
      }
    }
    return c;
  }

  /** Mean then standard deviation (population) of each coefficient over frames. */
  public float[] features(float[] waveform) throws OrtException {
    float[][] c = cepstrum(decibels(waveform));
    float[] f = new float[2 * coefficients];
    for (int k = 0; k < coefficients; k++) {
      double sum = 0;
      for (float[] row : c) {
        sum += row[k];
      }
      double mean = sum / c.length;
      double var = 0;
      for (float[] row : c) {
        var += (row[k] - mean) * (row[k] - mean);
      }
      f[k] = (float) mean;
      f[coefficients + k] = (float) Math.sqrt(var / c.length);
    }
    return f;
  }

  @Override
  public void close() throws OrtException {
    mel.close();
  }
}
