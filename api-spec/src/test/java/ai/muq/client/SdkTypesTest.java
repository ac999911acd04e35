package ai.muq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.muq.client.model.EmbeddingRequest;
import ai.muq.client.model.EmbeddingResponse;
import ai.muq.client.model.Tensor;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written SDK types keep the contract's wire format (the end-to-end tests use them against the app). */
class SdkTypesTest {

  final ObjectMapper json = ApiClient.createDefaultObjectMapper();

  static String base64(float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(b.array());
  }

  @Test
  void embeddingInputIsAStringOrAnArrayOnTheWire() throws Exception {
    assertThat(json.readTree(json.writeValueAsString(new EmbeddingRequest().model("m")
        .input(EmbeddingInput.of("calm piano")))).get("input").isTextual()).isTrue();
    assertThat(json.writeValueAsString(EmbeddingInput.of(List.of("a", "b")))).isEqualTo("[\"a\",\"b\"]");
    assertThat(json.readValue("[\"a\",\"b\"]", EmbeddingInput.class)).isEqualTo(EmbeddingInput.of("a", "b"));
    assertThat(json.readValue("\"a\"", EmbeddingInput.class).isSingle()).isTrue();
    assertThatThrownBy(() -> EmbeddingInput.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void embeddingVectorReadsNumbersAndBase64Alike() throws Exception {
    String body = "{\"object\":\"list\",\"model\":\"m\",\"usage\":{\"prompt_tokens\":1,\"total_tokens\":1},"
        + "\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.5,-0.25]},"
        + "{\"object\":\"embedding\",\"index\":1,\"embedding\":\"" + base64(0.5f, -0.25f) + "\"}]}";
    EmbeddingResponse r = json.readValue(body, EmbeddingResponse.class);
    assertThat(r.getData().get(0).getEmbedding().floats()).containsExactly(0.5f, -0.25f);
    assertThat(r.getData().get(1).getEmbedding().isBase64()).isTrue();
    assertThat(r.getData().get(1).getEmbedding().floats()).containsExactly(0.5f, -0.25f);
    assertThat(json.writeValueAsString(r.getData().get(1).getEmbedding())).isEqualTo("\"" + base64(0.5f, -0.25f) + "\"");
  }

  @Test
  void tensorsDecodeEitherFormAndCheckTheShape() {
    assertThat(Tensors.floats(new Tensor().shape(List.of(2)).data(List.of(1f, 2f)))).containsExactly(1f, 2f);
    assertThat(Tensors.floats(new Tensor().shape(List.of(1, 2)).dataBase64(base64(3f, 4f)))).containsExactly(3f, 4f);
    assertThatThrownBy(() -> Tensors.floats(new Tensor().shape(List.of(3)).data(List.of(1f, 2f))))
        .hasMessageContaining("shape");
  }

  @Test
  void aProblemAnswerIsTyped() {
    HttpHeaders problem = HttpHeaders.of(Map.of("Content-Type", List.of("application/problem+json")), (a, b) -> true);
    ApiException e = new ApiException(404, "listModels call failed", problem,
        "{\"type\":\"https://muq.ai/problems/unknown-model\",\"title\":\"Unknown model\",\"status\":404,"
            + "\"detail\":\"no model x\",\"request_id\":\"r1\",\"extra\":1}");
    assertThat(e.getType()).isEqualTo("https://muq.ai/problems/unknown-model");
    assertThat(e.getStatus()).isEqualTo(404);
    assertThat(e.getDetail()).isEqualTo("no model x");
    assertThat(e.getProblem().getRequestId()).isEqualTo("r1");

    HttpHeaders text = HttpHeaders.of(Map.of("Content-Type", List.of("text/plain")), (a, b) -> true);
    ApiException plain = new ApiException(502, "bad gateway", text, "upstream down");
    assertThat(plain.getProblem()).isNull();
    assertThat(plain.getType()).isNull();
    assertThat(plain.getStatus()).isEqualTo(502);
  }
}
