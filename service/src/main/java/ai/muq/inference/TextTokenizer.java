package ai.muq.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.muq.bundle.Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * A HuggingFace {@code tokenizer.json} (through DJL's binding of the Rust tokenizers): special
 * tokens added, no truncation (over-long text is refused, never cut), no padding (the graph runner
 * pads and masks).
 */
public final class TextTokenizer implements AutoCloseable {

  private static final Map<String, String> OPTIONS = Bundle.TOKENIZER_OPTIONS;

  private final HuggingFaceTokenizer tokenizer;

  private TextTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  public static TextTokenizer fromFile(Path tokenizerJson) throws IOException {
    return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS));
  }

  public static TextTokenizer fromStream(InputStream tokenizerJson) throws IOException {
    return new TextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, OPTIONS));
  }

  public TokenizedText tokenize(String text) {
    Encoding e = tokenizer.encode(text);
    return new TokenizedText(e.getIds(), e.getTypeIds());
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
