package ai.muq.tagging;

/** How label scores relate. */
public enum TagMode {
  /** One label applies: softmax over the labels of the similarities times the model temperature. */
  SINGLE,
  /** Any number of labels apply: each label's own cosine similarity, in [-1, 1]. */
  MULTI
}
