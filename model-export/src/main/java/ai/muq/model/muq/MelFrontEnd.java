package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.MuqConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import java.util.List;

/**
 * The log-mel front-end of the reference (§1): centred STFT with reflect padding, periodic Hann,
 * power 2, 128 HTK mel bands without area normalisation over 0-12 kHz, 10 log10(max(p, 1e-10)),
 * last frame dropped, then (dB - mean) / std. In the exported graph the STFT is a strided Conv1d
 * over the padded waveform with the DFT basis as kernels (GPU bundles) or a factored FFT (CPU
 * bundles), see {@link Ops#stftPower}; eagerly it is an FFT.
 *
 * <p>Input waveform [B, N] at 24 kHz; output normalised log-mel [B, 128, N / 240].
 *
 * <p>The mel statistics are buffers {@code <prefix>mel_stat.mean} and {@code
 * <prefix>mel_stat.std} of shape [1]: computed by the trainer, or taken from a checkpoint's
 * configuration on import.
 */
public record MelFrontEnd(String prefix, MuqConfig config) implements Module {

  public static final float DB_FLOOR = 1e-10f;

  public String meanName() {
    return prefix + "mel_stat.mean";
  }

  public String stdName() {
    return prefix + "mel_stat.std";
  }

  @Override
  public List<ParamSpec> params() {
    return List.of(
        ParamSpec.buffer(meanName(), ParamSpec.Init.ZEROS, 1),
        ParamSpec.buffer(stdName(), ParamSpec.Init.ONES, 1));
  }

  /** The un-normalised dB mel [B, 128, N / 240] (last frame dropped). */
  public <T> T decibels(Ops<T> ops, T waveform) {
    int nFft = MuqConfig.N_FFT;
    int bins = nFft / 2 + 1;
    T power = ops.stftPower(waveform, nFft, MuqConfig.HOP);
    T fb =
        ops.constant(
            "mel_filterbank_t",
            melFilterbankTransposed(bins, MuqConfig.N_MELS, MuqConfig.SAMPLE_RATE, MuqConfig.F_MAX),
            MuqConfig.N_MELS,
            bins);
    T mel = ops.matmul(fb, power);
    T db = ops.mulScalar(ops.log10(ops.maxScalar(mel, DB_FLOOR)), 10f);
    return ops.slice(db, 2, 0, -1);
  }

  public <T> T forward(Ops<T> ops, T waveform) {
    T db = decibels(ops, waveform);
    return ops.div(ops.sub(db, ops.param(meanName())), ops.param(stdName()));
  }

  /** Number of mel frames the front-end gives for a waveform of n samples. */
  public static long frames(long samples) {
    return samples / MuqConfig.HOP;
  }

  /**
   * Triangular HTK-mel filters without area normalisation, as torchaudio's melscale_fbanks,
   * transposed to [nMels, bins], computed in float64.
   */
  public static float[] melFilterbankTransposed(int bins, int nMels, int sampleRate, double fMax) {
    double mMin = hzToMel(0);
    double mMax = hzToMel(fMax);
    double[] fPts = new double[nMels + 2];
    for (int i = 0; i < nMels + 2; i++) {
      fPts[i] = melToHz(mMin + (mMax - mMin) * i / (nMels + 1));
    }
    float[] fb = new float[nMels * bins];
    for (int k = 0; k < bins; k++) {
      double f = (double) k * (sampleRate / 2.0) / (bins - 1);
      for (int m = 0; m < nMels; m++) {
        double down = (f - fPts[m]) / (fPts[m + 1] - fPts[m]);
        double up = (fPts[m + 2] - f) / (fPts[m + 2] - fPts[m + 1]);
        fb[m * bins + k] = (float) Math.max(0, Math.min(down, up));
      }
    }
    return fb;
  }

  public static double hzToMel(double hz) {
    return 2595.0 * Math.log10(1.0 + hz / 700.0);
  }

  public static double melToHz(double mel) {
    return 700.0 * (Math.pow(10, mel / 2595.0) - 1.0);
  }
}
