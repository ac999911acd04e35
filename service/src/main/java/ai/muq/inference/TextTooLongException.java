package ai.muq.inference;

/** A text has more tokens than the model's text graph accepts. */
public final class TextTooLongException extends RuntimeException {

  public TextTooLongException(int tokens, int maxTokens) {
    super("text has " + tokens + " tokens, the model accepts at most " + maxTokens);
  }
}
