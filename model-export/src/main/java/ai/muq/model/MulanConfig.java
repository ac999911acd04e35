package ai.muq.model;

/**
 * Sizes of the MuQ-MuLan towers (reference §5).
 *
 * @param dim width of both towers' transformers (768 in the release)
 * @param depth text tower transformer depth (8 in the release)
 * @param audioDepth audio tower transformer depth; 0 is allowed (the released MuQ-MuLan-large's
 *     config.json has {@code audio_transformer.tf_depth} 0: its audio tower is proj, mean, latent)
 * @param heads attention heads
 * @param dimHead per-head width (64)
 * @param latentDim joint embedding size (512)
 * @param textBackboneDim hidden size of the pretrained text encoder feeding the text tower
 */
public record MulanConfig(
    int dim, int depth, int audioDepth, int heads, int dimHead, int latentDim, int textBackboneDim) {

  /** Logits multiplier of the l2-normalised attention (fixed, not 1/sqrt(d)). */
  public static final float ATTENTION_SCALE = 8f;
  /** Initial contrastive temperature; the model stores its log. */
  public static final double INITIAL_TEMPERATURE = 10.0;
  public static final double CLIP_SECONDS = 10.0;

  public MulanConfig {
    if (dim <= 0 || depth <= 0 || heads <= 0 || dimHead <= 0 || latentDim <= 0 || textBackboneDim <= 0) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    if (audioDepth < 0) {
      throw new IllegalArgumentException("audio depth must not be negative");
    }
  }

  /** Both towers with the same transformer depth. */
  public MulanConfig(int dim, int depth, int heads, int dimHead, int latentDim, int textBackboneDim) {
    this(dim, depth, depth, heads, dimHead, latentDim, textBackboneDim);
  }

  /** Feed-forward hidden width: int(dim * 4 * 2 / 3), as the reference computes it. */
  public int ffHidden() {
    return (int) (dim * 4 * 2 / 3.0);
  }

  public int innerDim() {
    return heads * dimHead;
  }
}
