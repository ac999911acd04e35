package ai.muq.model;

/**
 * Sizes of a MuQ model (reference §1-§2).
 *
 * @param convDim channels C of the Res2d front
 * @param dim Conformer width D
 * @param layers Conformer depth L
 * @param heads attention heads H
 * @param ffnDim feed-forward width F
 * @param numCodebooks K codebooks predicted in pre-training
 * @param codebookSize classes per codebook (1024)
 * @param melMean mean of the dB mel used for normalisation
 * @param melStd standard deviation of the dB mel
 */
public record MuqConfig(
    int convDim,
    int dim,
    int layers,
    int heads,
    int ffnDim,
    int numCodebooks,
    int codebookSize,
    double melMean,
    double melStd) {

  public static final int SAMPLE_RATE = 24_000;
  public static final int N_FFT = 2048;
  public static final int HOP = 240;
  public static final int N_MELS = 128;
  public static final double F_MAX = 12_000;
  public static final int CONV_KERNEL = 31;
  public static final double ROTARY_BASE = 10_000;
  /** Mel frames per token: two stride-2 Res2d blocks. */
  public static final int FRAMES_PER_TOKEN = 4;
  public static final double RELEASED_MEL_MEAN = 6.768444971712967;
  public static final double RELEASED_MEL_STD = 18.417922652295623;

  public MuqConfig {
    if (dim % heads != 0) {
      throw new IllegalArgumentException("dim " + dim + " is not divisible by heads " + heads);
    }
    if ((dim / heads) % 2 != 0) {
      throw new IllegalArgumentException("rotary embedding needs an even head dimension");
    }
    if (convDim <= 0 || layers <= 0 || ffnDim <= 0 || numCodebooks <= 0 || codebookSize <= 0) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    if (!(melStd > 0)) {
      throw new IllegalArgumentException("mel std must be positive");
    }
  }

  public int headDim() {
    return dim / heads;
  }

  public MuqConfig withMelStats(double mean, double std) {
    return new MuqConfig(
        convDim, dim, layers, heads, ffnDim, numCodebooks, codebookSize, mean, std);
  }
}
