package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.muq.client.ApiException;
import ai.muq.client.EmbeddingInput;
import ai.muq.client.api.EmbeddingsApi;
import ai.muq.client.api.TaggingApi;
import ai.muq.client.model.EmbeddingRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every bad input of issue 5 section 6 answers its documented problem type, with no internals. */
class BadInputEndToEndTest extends EndToEndBase {

  static final String P = "https://muq.ai/problems/";
  static final ObjectMapper JSON = new ObjectMapper();
  static final int RATE = 24_000;

  /** Checks status, problem+json, type, request id; returns the document. */
  static JsonNode problem(HttpResponse<String> r, int status, String type) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("type").asText()).isEqualTo(P + type);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).isNotBlank();
    assertThat(p.get("request_id").asText()).isEqualTo(r.headers().firstValue("X-Request-Id").orElseThrow());
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("ai.muq.");
    return p;
  }

  HttpResponse<String> multipart(String path, Map<String, String> fields, byte[] file, String fileType)
      throws IOException, InterruptedException {
    String boundary = "x7b0undary";
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (var f : fields.entrySet()) {
      b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey()
          + "\"\r\n\r\n" + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    if (file != null) {
      b.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"in\"\r\n"
          + "Content-Type: " + fileType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      b.writeBytes(file);
      b.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    b.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(b.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  byte[] wav() {
    return Fixtures.wav16(Fixtures.music(1, RATE, 1), RATE);
  }

  @Test
  void emptyBody() throws Exception {
    problem(postJson("/v1/embeddings", ""), 400, "malformed-request");
    problem(multipart("/v1/audio/embeddings", Map.of(), null, null), 400, "malformed-request");
  }

  @Test
  void truncatedWav() throws Exception {
    byte[] w = wav();
    byte[] cut = Arrays.copyOf(w, 30); // inside the fmt chunk
    problem(multipart("/v1/audio/embeddings", Map.of(), cut, "audio/wav"), 422, "corrupt-audio");
  }

  @Test
  void wrongMime() throws Exception {
    HttpResponse<String> json = http.send(HttpRequest.newBuilder(uri("/v1/audio/tags"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    problem(json, 415, "unsupported-media-type");
    HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri("/v1/embeddings"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("calm piano")).build(), HttpResponse.BodyHandlers.ofString());
    problem(text, 415, "unsupported-media-type");
    String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"" + png + "\"}"),
        415, "unsupported-media-type");
  }

  @Test
  void zeroLengthAudio() throws Exception {
    problem(multipart("/v1/audio/embeddings", Map.of(), new byte[0], "audio/wav"), 422, "empty-audio");
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"data:audio/wav;base64,\"}"),
        422, "empty-audio");
  }

  @Test
  void headerClaimingHoursOfAudio() throws Exception {
    // A PCM WAV header whose data chunk claims 3 hours at 24 kHz, followed by one second of samples.
    int claimed = 3 * 3600 * RATE * 2;
    ByteBuffer b = ByteBuffer.allocate(44 + RATE * 2).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + claimed).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE)
        .putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes()).putInt(claimed);
    problem(multipart("/v1/audio/embeddings", Map.of(), b.array(), "audio/wav"), 413, "audio-too-long");
  }

  @Test
  void oversizedAudio() throws Exception {
    byte[] big = new byte[4 * 1024 * 1024]; // limit is 3 MB in these tests
    String uri = "data:audio/wav;base64," + Base64.getEncoder().encodeToString(big);
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"" + uri + "\"}"),
        413, "payload-too-large");
    problem(multipart("/v1/audio/embeddings", Map.of(), big, "audio/wav"), 413, "payload-too-large");
  }

  @Test
  void nanAndWrongTypesInJson() throws Exception {
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":NaN}"), 400, "malformed-request");
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":[1,2]}"), 400, "unsupported-parameter");
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":{\"a\":1}}"), 400, "malformed-request");
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"x\""), 400, "malformed-request");
    JsonNode p = problem(postJson("/v1/similarity", "{\"queries\":\"calm\",\"candidates\":[]}"),
        400, "malformed-request");
    assertThat(p.get("detail").asText()).contains("/queries");
    problem(multipart("/v1/audio/tags", Map.of("labels", "piano", "top_k", "NaN"), wav(), "audio/wav"),
        400, "invalid-parameter");
    problem(multipart("/v1/audio/tags", Map.of("labels", "piano", "top_k", "0"), wav(), "audio/wav"),
        400, "invalid-parameter");
  }

  @Test
  void unknownModelOrVocabulary() throws Exception {
    assertThatThrownBy(() -> new EmbeddingsApi(client()).createEmbeddings(
        new EmbeddingRequest().model("no-such-model").input(EmbeddingInput.of("calm piano"))))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getResponseBody()).contains(P + "unknown-model");
        });
    problem(multipart("/v1/audio/tags", Map.of("vocabulary", "klingon-opera"), wav(), "audio/wav"),
        404, "unknown-vocabulary");
  }

  @Test
  void emptyLabelList() throws Exception {
    problem(multipart("/v1/audio/tags", Map.of("labels", " "), wav(), "audio/wav"), 400, "invalid-parameter");
    problem(multipart("/v1/audio/tags", Map.of(), wav(), "audio/wav"), 400, "invalid-parameter");
    assertThatThrownBy(() -> new TaggingApi(client()).tagAudio(file("a.wav", wav()).toFile(), MODEL,
        List.of(), null, null, null, null, null))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(400));
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":[]}"), 400, "invalid-parameter");
  }

  @Test
  void overLongText() throws Exception {
    String text = "calm piano ".repeat(400);
    problem(postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"" + text + "\"}"),
        422, "text-too-long");
  }

  @Test
  void neverFetchesUrlsAndOtherMistakes() throws Exception {
    problem(postJson("/v1/similarity", "{\"queries\":[{\"audio\":\"https://example.com/a.mp3\"}],"
        + "\"candidates\":[{\"text\":\"piano\"}]}"), 400, "invalid-parameter");
    problem(postJson("/v1/similarity", "{\"queries\":[{\"audio\":\"x\",\"text\":\"y\"}],"
        + "\"candidates\":[{\"text\":\"piano\"}]}"), 400, "invalid-parameter");
    problem(get("/v1/nothing-here"), 404, "not-found");
    problem(get("/v1/embeddings"), 405, "method-not-allowed");
    problem(multipart("/v1/audio/embeddings", Map.of("layers", "7"), wav(), "audio/wav"), 400, "invalid-parameter");
    problem(multipart("/v1/audio/embeddings", Map.of("pooling", "median"), wav(), "audio/wav"), 400, "invalid-parameter");
  }
}
