package ai.muq.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes a typed multipart part (the {@code metadata} part of the upload operations) as a JSON
 * document. The build points the generated multipart code here: openapi-generator's native library
 * would otherwise send the model's {@code toString()}.
 */
public final class JsonParts {

  private JsonParts() {}

  /** The value as a JSON document, by the API's own object mapper (snake_case fields). */
  public static String json(ObjectMapper mapper, Object value) throws ApiException {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new ApiException(e);
    }
  }
}
