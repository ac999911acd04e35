package ai.muq.importer;

import ai.muq.model.text.XlmRobertaConfig;

/** Reads an XLM-RoBERTa config.json (HuggingFace {@code XLMRobertaConfig}). */
final class XlmRobertaJson {

  /** The name MuQ-MuLan-large's config.json gives its text model, with a built-in configuration. */
  static final String BUILT_IN_NAME = "xlm-roberta-base";

  private XlmRobertaJson() {}

  static XlmRobertaConfig parse(JsonConfig c) throws CheckpointException {
    String type = c.text("model_type", "xlm-roberta");
    if (!type.equals("xlm-roberta") && !type.equals("roberta")) {
      throw c.invalid("model_type '" + type + "' is not an XLM-RoBERTa model");
    }
    String act = c.text("hidden_act", "gelu");
    if (!act.equals("gelu")) {
      throw c.invalid("hidden_act '" + act + "' is not supported (gelu, the exact erf form)");
    }
    String position = c.text("position_embedding_type", "absolute");
    if (!position.equals("absolute")) {
      throw c.invalid("position_embedding_type '" + position + "' is not supported (absolute)");
    }
    try {
      return new XlmRobertaConfig(
          c.integer("vocab_size"),
          c.integer("hidden_size"),
          c.integer("num_hidden_layers"),
          c.integer("num_attention_heads"),
          c.integer("intermediate_size"),
          c.integer("max_position_embeddings"),
          c.integer("type_vocab_size", 1),
          c.number("layer_norm_eps", 1e-5),
          c.integer("pad_token_id", 1));
    } catch (IllegalArgumentException e) {
      throw c.invalid(e.getMessage());
    }
  }
}
