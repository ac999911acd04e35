package ai.muq.model.rvq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.muq.model.DjlOps;
import ai.muq.model.Module;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * Mel residual vector quantisation (reference §3), the tokenizer whose codes MuQ learns to
 * predict. Each of the {@code stages} stages projects the residual to a small latent ({@code
 * in_proj}), picks the nearest of {@code codebookSize} codewords by cosine (both l2-normalised),
 * passes the codeword through the straight-through estimator, projects it back ({@code
 * out_proj}) and subtracts it from the residual.
 *
 * <p>Loss: L1(input, sum of stage outputs) + 1.0 codebook MSE + 0.25 commitment MSE. Training
 * code re-seeds codewords no batch used for a long stretch ({@link #reseed}).
 *
 * <p>It quantises feature vectors [B, T, inputDim]: 4 stacked normalised mel frames (512) for
 * MuQ, or a trained MuQ layer's features (D) for iterative training. Quantisation needs argmax
 * and gathers, so it runs eagerly only; it is never exported (the service does not tokenize).
 */
public record MelRvq(String prefix, int inputDim, int stages, int codebookSize, int codebookDim)
    implements Module {

  public static final float CODEBOOK_WEIGHT = 1.0f;
  public static final float COMMITMENT_WEIGHT = 0.25f;

  /** The reference configuration over 4 stacked 128-band frames. */
  public static MelRvq reference() {
    return new MelRvq("rvq.", 512, 8, 1024, 16);
  }

  private Linear inProj(int i) {
    return new Linear(prefix + "quantizers." + i + ".in_proj", inputDim, codebookDim, true);
  }

  private Linear outProj(int i) {
    return new Linear(prefix + "quantizers." + i + ".out_proj", codebookDim, inputDim, true);
  }

  public String outputBiasName(int i) {
    return prefix + "quantizers." + i + ".out_proj.bias";
  }

  public String codebookName(int i) {
    return prefix + "quantizers." + i + ".codebook.weight";
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    for (int i = 0; i < stages; i++) {
      p.addAll(inProj(i).params());
      p.add(ParamSpec.weight(codebookName(i), ParamSpec.Init.NORMAL, codebookSize, codebookDim));
      p.addAll(outProj(i).params());
    }
    return p;
  }

  /**
   * What one pass gives.
   *
   * @param reconstruction sum of the stage outputs [B, T, inputDim]
   * @param codes chosen codeword per stage [B, stages, T] (int64)
   * @param latents each stage's z_e [B, T, codebookDim], for dead-code re-seeding
   * @param reconstructionLoss L1(input, reconstruction)
   * @param codebookLoss mean over stages of MSE(z_q, sg(z_e))
   * @param commitmentLoss mean over stages of MSE(z_e, sg(z_q))
   */
  public record Output(
      NDArray reconstruction,
      NDArray codes,
      List<NDArray> latents,
      NDArray reconstructionLoss,
      NDArray codebookLoss,
      NDArray commitmentLoss) {

    public NDArray loss() {
      return reconstructionLoss
          .add(codebookLoss.mul(CODEBOOK_WEIGHT))
          .add(commitmentLoss.mul(COMMITMENT_WEIGHT));
    }
  }

  public Output forward(DjlOps ops, NDArray x) {
    NDArray residual = x;
    NDArray recon = null;
    List<NDArray> codes = new ArrayList<>();
    List<NDArray> latents = new ArrayList<>();
    NDArray cbLoss = null;
    NDArray commitLoss = null;
    for (int i = 0; i < stages; i++) {
      NDArray ze = inProj(i).forward(ops, residual);
      NDArray codebook = ops.param(codebookName(i));
      NDArray idx = nearest(ze, codebook);
      NDArray zq = lookup(codebook, idx, ze.getShape());
      NDArray cb = zq.sub(ze.stopGradient()).square().mean();
      NDArray cm = ze.sub(zq.stopGradient()).square().mean();
      cbLoss = cbLoss == null ? cb : cbLoss.add(cb);
      commitLoss = commitLoss == null ? cm : commitLoss.add(cm);
      // Straight-through: forward uses z_q, the gradient flows to z_e unchanged.
      NDArray st = ze.add(zq.sub(ze).stopGradient());
      NDArray out = outProj(i).forward(ops, st);
      recon = recon == null ? out : recon.add(out);
      residual = residual.sub(out);
      codes.add(idx);
      latents.add(ze.stopGradient());
    }
    NDArray l1 = x.sub(recon).abs().mean();
    return new Output(
        recon,
        NDArrays.stack(new NDList(codes), 1),
        latents,
        l1,
        cbLoss.div(stages),
        commitLoss.div(stages));
  }

  /** Codes only [B, stages, T], without gradients. */
  public NDArray encode(DjlOps ops, NDArray x) {
    NDArray residual = x;
    List<NDArray> codes = new ArrayList<>();
    for (int i = 0; i < stages; i++) {
      NDArray ze = inProj(i).forward(ops, residual);
      NDArray codebook = ops.param(codebookName(i));
      NDArray idx = nearest(ze, codebook);
      NDArray zq = lookup(codebook, idx, ze.getShape());
      residual = residual.sub(outProj(i).forward(ops, zq));
      codes.add(idx);
    }
    return NDArrays.stack(new NDList(codes), 1);
  }

  /** Codewords of the indices as a one-hot product, so the codebook receives gradients. */
  private NDArray lookup(NDArray codebook, NDArray idx, ai.djl.ndarray.types.Shape shape) {
    return idx.flatten().oneHot(codebookSize, DataType.FLOAT32).matMul(codebook).reshape(shape);
  }

  /** Index [B, T] of the codeword nearest to each latent by cosine. */
  static NDArray nearest(NDArray ze, NDArray codebook) {
    NDArray zn = l2(ze.stopGradient());
    NDArray cn = l2(codebook.stopGradient());
    return zn.matMul(cn.transpose()).argMax(-1).toType(DataType.INT64, false);
  }

  private static NDArray l2(NDArray x) {
    return x.div(x.norm(new int[] {-1}, true).maximum(1e-12f));
  }

  /**
   * Replaces the codewords of stage {@code stage} marked dead with random latents of the current
   * batch (reference §3: codes that no batch used for a long stretch are re-seeded).
   *
   * @param dead one flag per codeword
   * @param latents the stage's z_e of a batch [B, T, codebookDim]
   * @param random source of the choice of latents
   * @return how many codewords were re-seeded
   */
  public int reseed(ai.muq.model.ParamStore store, int stage, boolean[] dead, NDArray latents, java.util.Random random) {
    float[] flat = latents.toFloatArray();
    int n = flat.length / codebookDim;
    if (n == 0) {
      return 0;
    }
    float[] cb = store.floats(codebookName(stage));
    int count = 0;
    for (int c = 0; c < codebookSize; c++) {
      if (dead[c]) {
        int pick = random.nextInt(n);
        System.arraycopy(flat, pick * codebookDim, cb, c * codebookDim, codebookDim);
        count++;
      }
    }
    if (count > 0) {
      store.set(codebookName(stage), cb);
    }
    return count;
  }
}
