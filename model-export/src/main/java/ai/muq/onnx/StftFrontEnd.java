package ai.muq.onnx;

import java.util.Locale;

/**
 * How an exported graph computes the STFT power spectrogram of its mel front-end. Both give the
 * same spectrogram (proven in {@code StftFrontEndParityTest}); they differ in where they run fast.
 */
public enum StftFrontEnd {
  /**
   * A strided Conv1d over the reflect-padded waveform with the windowed DFT basis as kernels:
   * every node runs on ORT's CUDA provider, but it costs 8.4 GFLOP per 10 s clip on a CPU.
   */
  CONV,
  /**
   * A two-stage Cooley-Tukey FFT (32 x 64) written with Gather and MatMul: a tenth of the conv's
   * FLOPs. ONNX's DFT/STFT would be the obvious operator, but ORT's CUDA provider lacks it and
   * its CPU kernel was slower here than this whole front-end, so the factorisation is recorded
   * with plain operators instead.
   */
  FFT;

  /** The name recorded in bundle.json and accepted by {@code --stft}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code conv} or {@code fft}. */
  public static StftFrontEnd parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "conv" -> CONV;
      case "fft" -> FFT;
      default -> throw new IllegalArgumentException("--stft must be conv or fft, not '" + s + "'");
    };
  }

  /**
   * The front-end for an execution target: {@code conv} for {@code cuda} (ORT's CUDA provider has
   * no DFT), {@code fft} for {@code cpu}.
   */
  public static StftFrontEnd forTarget(String target) {
    return switch (target.toLowerCase(Locale.ROOT)) {
      case "cpu" -> FFT;
      case "cuda" -> CONV;
      default -> throw new IllegalArgumentException("--target must be cpu or cuda, not '" + target + "'");
    };
  }
}
