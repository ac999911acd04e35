package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Errors raised by the servlet container (Tomcat) and Spring MVC before any controller runs answer
 * RFC 9457 problem+json too, never an HTML page and never a 5xx. Sent over a raw socket, since only
 * a real port shows the container's own paths. The cases the fuzz test (ApiFuzzTest) found live here.
 */
class ContainerErrorsEndToEndTest extends EndToEndBase {

  static final String P = "https://muq.ai/problems/";
  static final ObjectMapper JSON = new ObjectMapper();

  /** Checks status, problem+json, type and that no internals leak; returns the document. */
  static JsonNode problem(RawHttp.Response r, int status, String type) throws Exception {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.get("type").asText()).as(r.toString()).isEqualTo(P + type);
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("ai.muq.")
        .doesNotContain("org.apache").doesNotContain("Tomcat").doesNotContain("<html");
    return p;
  }

  /** As {@link #problem}, where the type may be any the contract lists for the operation. */
  static JsonNode problemOf(RawHttp.Response r, int status, String method, String path) throws Exception {
    var allowed = OpenApiContract.load().operation(method, path).problemTypes();
    String type = JSON.readTree(r.body()).path("type").asText();
    assertThat(allowed).as(r.toString()).contains(type);
    return problem(r, status, type.substring(P.length()));
  }

  RawHttp.Response rawGet(String target) throws Exception {
    return RawHttp.send(port, "GET " + target + " HTTP/1.1", null);
  }

  @Test
  void invalidUtf8InAQueryParameterIsABadRequest() throws Exception {
    problem(rawGet("/v1/tracks?cursor=%00%ff%fe-not-a-cursor"), 400, "malformed-request");
    problem(rawGet("/v1/tracks?limit=%zz"), 400, "malformed-request");
    problem(rawGet("/v1/tracks?cursor=%"), 400, "malformed-request");
  }

  @Test
  void rejectedUrlsAreProblems() throws Exception {
    problem(rawGet("/v1/tracks/..%2F..%2Fetc%2Fpasswd"), 400, "malformed-request");
    problem(rawGet("/v1/tracks/%00"), 400, "malformed-request");
    problem(rawGet("/v1/tracks/..%5C..%5Cwin.ini"), 400, "malformed-request");
    problem(rawGet("/v1/tracks/%ff%fe"), 400, "malformed-request");
    problem(rawGet("/v1/tracks/../../../etc/passwd"), 400, "malformed-request");
  }

  @Test
  void malformedRequestLinesAndHeadersAreProblems() throws Exception {
    problem(RawHttp.send(port, "GET /v1/mo dels HTTP/1.1", null), 400, "malformed-request");
    problem(RawHttp.send(port, "GET /v1/models?a=<\"{|}> HTTP/1.1", null), 400, "malformed-request");
    problem(RawHttp.send(port, "GET /v1/models HTTP/1.1\r\nX-Big: " + "a".repeat(20_000), null),
        400, "malformed-request");
    problem(RawHttp.send(port, "GET /" + "a".repeat(20_000) + " HTTP/1.1", null), 400, "malformed-request");
    problem(RawHttp.exchange(port, "GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.ISO_8859_1)), 400, "malformed-request"); // no Host header
  }

  @Test
  void unsupportedMethodsAndMediaTypesAreProblems() throws Exception {
    problem(RawHttp.send(port, "BREW /v1/models HTTP/1.1", null), 405, "method-not-allowed");
    problem(RawHttp.send(port, "TRACE /v1/models HTTP/1.1", null), 405, "method-not-allowed");
    problem(RawHttp.send(port, "PUT /v1/tracks HTTP/1.1", new byte[0]), 405, "method-not-allowed");
    problem(RawHttp.send(port, "GET /v1/models HTTP/1.1\r\nAccept: application/xml", null), 406, "not-acceptable");
    problem(RawHttp.send(port, "POST /v1/embeddings HTTP/1.1\r\nContent-Type: ;;;",
        "{}".getBytes(StandardCharsets.UTF_8)), 415, "unsupported-media-type");
    problem(RawHttp.send(port, "PATCH /v1/tracks/x HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
        "a=%ff%zz".getBytes(StandardCharsets.ISO_8859_1)), 400, "malformed-request");
  }

  @Test
  void brokenMultipartIsABadRequest() throws Exception {
    byte[] truncated = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n\r\nRIFF"
        .getBytes(StandardCharsets.ISO_8859_1);
    problem(RawHttp.send(port, "POST /v1/tracks HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b",
        truncated), 400, "malformed-request");
    problem(RawHttp.send(port, "POST /v1/audio/embeddings HTTP/1.1\r\nContent-Type: multipart/form-data",
        truncated), 400, "malformed-request");
    problemOf(RawHttp.send(port, "POST /v1/search/audio HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b",
        "--b\r\nContent-Disposition: form-data; name=\"\u00ff\"\r\n\r\nx\r\n--b--\r\n"
            .getBytes(StandardCharsets.ISO_8859_1)), 400, "POST", "/v1/search/audio");
  }

  @Test
  void brokenChunkedBodyIsABadRequest() throws Exception {
    problem(RawHttp.exchange(port, ("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1)), 400, "malformed-request");
  }

  /** Found by ApiFuzzTest: the library echoed Jackson's and Spring's messages, which name Java classes. */
  @Test
  void libraryBindingErrorsNameNoJavaTypes() throws Exception {
    String wav = "RIFF";
    RawHttp.Response r = RawHttp.send(port, "POST /v1/search/audio HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b",
        ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
            + wav + "\r\n--b\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json"
            + "\r\n\r\n-1.0E308\r\n--b--\r\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThat(problemOf(r, 400, "POST", "/v1/search/audio").get("detail").asText()).doesNotContain("java", "Json");
    r = rawGet("/v1/tracks?limit=abc");
    assertThat(problemOf(r, 400, "GET", "/v1/tracks").get("detail").asText()).doesNotContain("java", "String");
    r = RawHttp.send(port, "PATCH /v1/tracks/x HTTP/1.1\r\nContent-Type: application/json", "{\"tags\":7}".getBytes(StandardCharsets.UTF_8));
    assertThat(r.body()).doesNotContain("java", "Json");
  }
}
