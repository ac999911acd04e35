package ai.muq.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named configuration: MuQ sizes plus the MuLan towers built on it.
 *
 * @param name {@code tiny}, {@code small}, {@code base} or {@code large}
 */
public record ModelConfig(String name, MuqConfig muq, MulanConfig mulan) {

  private static final int K = 4;
  private static final int BGE_SMALL_DIM = 384;
  private static final int XLM_ROBERTA_BASE_DIM = 768;

  /** The named configurations, smallest first. */
  public static final List<String> NAMES = List.of("tiny", "small", "base", "large");

  public static ModelConfig named(String name) {
    double m = MuqConfig.RELEASED_MEL_MEAN;
    double s = MuqConfig.RELEASED_MEL_STD;
    return switch (name) {
      // Tests: runs in seconds on two cores.
      case "tiny" ->
          new ModelConfig(
              name,
              new MuqConfig(4, 32, 2, 2, 64, 2, 1024, m, s),
              new MulanConfig(32, 1, 2, 16, 32, BGE_SMALL_DIM));
      // The default model the service ships.
      case "small" ->
          new ModelConfig(
              name,
              new MuqConfig(32, 256, 4, 4, 1024, K, 1024, m, s),
              new MulanConfig(256, 2, 4, 64, 512, BGE_SMALL_DIM));
      case "base" ->
          new ModelConfig(
              name,
              new MuqConfig(256, 768, 12, 12, 3072, K, 1024, m, s),
              new MulanConfig(768, 8, 8, 64, 512, BGE_SMALL_DIM));
      // The paper's MuQ-large and the released MuQ-MuLan-large.
      case "large" ->
          new ModelConfig(
              name,
              new MuqConfig(512, 1024, 12, 16, 4096, K, 1024, m, s),
              new MulanConfig(768, 8, 8, 64, 512, XLM_ROBERTA_BASE_DIM));
      default ->
          throw new IllegalArgumentException(
              "unknown config '" + name + "'; known: " + String.join(", ", NAMES));
    };
  }

  /** The configuration as a JSON-friendly map for bundle.json. */
  public Map<String, Object> toMap() {
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("conv_dim", muq.convDim());
    q.put("dim", muq.dim());
    q.put("layers", muq.layers());
    q.put("heads", muq.heads());
    q.put("ffn_dim", muq.ffnDim());
    q.put("num_codebooks", muq.numCodebooks());
    q.put("codebook_size", muq.codebookSize());
    Map<String, Object> l = new LinkedHashMap<>();
    l.put("dim", mulan.dim());
    l.put("depth", mulan.depth());
    l.put("heads", mulan.heads());
    l.put("dim_head", mulan.dimHead());
    l.put("latent_dim", mulan.latentDim());
    l.put("text_backbone_dim", mulan.textBackboneDim());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("muq", q);
    out.put("mulan", l);
    return out;
  }
}
