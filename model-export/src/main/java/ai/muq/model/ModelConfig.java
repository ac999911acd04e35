package ai.muq.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named configuration: MuQ sizes plus the MuLan towers built on it.
 *
 * @param name {@code tiny}, {@code small}, {@code base} or {@code large} (or an imported release)
 * @param mulan the MuLan towers, or null for a MuQ encoder alone
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
      // The paper's MuQ-large with 8-layer MuLan towers. (The released MuQ-MuLan-large has no audio
      // transformer, tf_depth 0; its import builds the configuration from the release's config.json.)
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

  /** Reads what {@link #toMap()} wrote (mel statistics are not part of it: they are buffers). */
  public static ModelConfig fromMap(Map<String, Object> map) {
    @SuppressWarnings("unchecked")
    Map<String, Object> q = (Map<String, Object>) map.get("muq");
    @SuppressWarnings("unchecked")
    Map<String, Object> l = (Map<String, Object>) map.get("mulan");
    if (q == null || l == null) {
      throw new IllegalArgumentException("configuration lacks its muq or mulan part");
    }
    return new ModelConfig(
        String.valueOf(map.get("name")),
        new MuqConfig(i(q, "conv_dim"), i(q, "dim"), i(q, "layers"), i(q, "heads"), i(q, "ffn_dim"),
            i(q, "num_codebooks"), i(q, "codebook_size"), MuqConfig.RELEASED_MEL_MEAN, MuqConfig.RELEASED_MEL_STD),
        new MulanConfig(i(l, "dim"), i(l, "depth"), l.containsKey("audio_depth") ? i(l, "audio_depth") : i(l, "depth"),
            i(l, "heads"), i(l, "dim_head"), i(l, "latent_dim"), i(l, "text_backbone_dim")));
  }

  private static int i(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("configuration lacks " + key);
    }
    return n.intValue();
  }

  /** The same configuration with another text backbone width. */
  public ModelConfig withTextBackboneDim(int dim) {
    MulanConfig l = mulan;
    return new ModelConfig(name, muq, new MulanConfig(l.dim(), l.depth(), l.audioDepth(), l.heads(), l.dimHead(), l.latentDim(), dim));
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
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("muq", q);
    if (mulan != null) { // null for a MuQ-only model (an imported MuQ encoder)
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("dim", mulan.dim());
      l.put("depth", mulan.depth());
      l.put("audio_depth", mulan.audioDepth());
      l.put("heads", mulan.heads());
      l.put("dim_head", mulan.dimHead());
      l.put("latent_dim", mulan.latentDim());
      l.put("text_backbone_dim", mulan.textBackboneDim());
      out.put("mulan", l);
    }
    return out;
  }
}
