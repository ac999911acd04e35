package ai.muq.bundle;

/** A text has more tokens than the bundle's text graph accepts ({@link BundleManifest#textMaxTokens()}). */
public final class TextTooLongException extends RuntimeException {

  public TextTooLongException(int tokens, int maxTokens) {
    super("text has " + tokens + " tokens, the model accepts at most " + maxTokens);
  }
}
