package ai.muq.tagging;

/** One label and its score. */
public record TagScore(String label, double score) {}
