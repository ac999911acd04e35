package ai.muq.importer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the HuggingFace tokenizer.json a MuQ-MuLan bundle needs: the file given with {@code
 * --tokenizer}, else {@code tokenizer.json} in the release directory. MuQ-MuLan-large's repository
 * does not ship one; it is xlm-roberta-base's.
 */
public final class TokenizerResolver {

  /** Where users get the tokenizer MuQ-MuLan-large uses. */
  public static final String XLM_ROBERTA_TOKENIZER_URL =
      "https://huggingface.co/FacebookAI/xlm-roberta-base/resolve/main/tokenizer.json";

  private TokenizerResolver() {}

  /**
   * @param explicit the {@code --tokenizer} file, or null
   * @param releaseDir the release directory
   * @throws CheckpointException when no tokenizer is found or the file is not a tokenizer.json
   */
  public static Path resolve(Path explicit, Path releaseDir) throws CheckpointException {
    Path file;
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new CheckpointException("tokenizer not found: " + explicit);
      }
      file = explicit;
    } else {
      file = releaseDir.resolve("tokenizer.json");
      if (!Files.isRegularFile(file)) {
        throw new CheckpointException(
            "no tokenizer.json in " + releaseDir + "; MuQ-MuLan uses xlm-roberta-base's tokenizer:"
                + " download " + XLM_ROBERTA_TOKENIZER_URL + " and pass it with --tokenizer FILE");
      }
    }
    checkTokenizerJson(file);
    return file;
  }

  /** A HuggingFace tokenizer.json is a JSON object with a {@code model} object (streamed: ~17 MB). */
  static void checkTokenizerJson(Path file) throws CheckpointException {
    try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new CheckpointException(file + " is not a HuggingFace tokenizer.json (not a JSON object)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("model") && value == JsonToken.START_OBJECT) {
          return;
        }
        p.skipChildren();
      }
      throw new CheckpointException(file + " is not a HuggingFace tokenizer.json (it has no \"model\")");
    } catch (IOException e) {
      if (e instanceof CheckpointException ce) {
        throw ce;
      }
      throw new CheckpointException(file + " is not a HuggingFace tokenizer.json: " + JsonConfig.firstLine(e.getMessage()));
    }
  }
}
