package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Oversize bodies sent the way Python's http.client and many SDKs send them: the whole body is
 * written before a byte of the answer is read. Each upload path must still answer 413
 * problem+json (the server reads and discards the rest up to {@code server.tomcat.max-swallow-size})
 * instead of resetting the connection. The limit is 3 MB here; the bodies are 12 MB, far beyond
 * Tomcat's default 2 MB swallow limit.
 */
class OversizeUploadEndToEndTest extends EndToEndBase {

  static final int BODY_BYTES = 12 * 1024 * 1024;

  @Test
  void multipartUploadWrittenWhole() throws Exception {
    String boundary = "0versizeb0undary";
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = concat(head, filler(BODY_BYTES, (byte) 'A'), tail);
    for (String path : new String[] {"/v1/audio/embeddings", "/v1/audio/tags"}) {
      assertPayloadTooLarge(writeWholeThenRead(path, "multipart/form-data; boundary=" + boundary, body));
    }
  }

  @Test
  void dataUriInJsonWrittenWhole() throws Exception {
    byte[] head = ("{\"model\":\"" + MODEL + "\",\"input\":\"data:audio/wav;base64,")
        .getBytes(StandardCharsets.US_ASCII);
    byte[] body = concat(head, filler(BODY_BYTES, (byte) 'A'), "\"}".getBytes(StandardCharsets.US_ASCII));
    assertPayloadTooLarge(writeWholeThenRead("/v1/embeddings", "application/json", body));
  }

  static void assertPayloadTooLarge(String response) throws IOException {
    String[] parts = response.split("\r\n\r\n", 2);
    assertThat(parts[0]).as(parts[0]).startsWith("HTTP/1.1 413");
    assertThat(parts[0].toLowerCase()).contains("content-type: application/problem+json");
    String json = parts[1];
    if (parts[0].toLowerCase().contains("transfer-encoding: chunked")) {
      json = json.substring(json.indexOf("\r\n") + 2, json.lastIndexOf('}') + 1);
    }
    JsonNode p = new ObjectMapper().readTree(json);
    assertThat(p.get("type").asText()).isEqualTo("https://muq.ai/problems/payload-too-large");
    assertThat(p.get("status").asInt()).isEqualTo(413);
  }

  /** Writes request line, headers and the whole body, and only then reads the answer to its end. */
  String writeWholeThenRead(String path, String contentType, byte[] body) throws Exception {
    try (Socket s = new Socket();
        ExecutorService writer = Executors.newSingleThreadExecutor()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      Future<?> written = writer.submit(() -> {
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
            + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        for (int at = 0; at < body.length; at += 64 * 1024) {
          out.write(body, at, Math.min(64 * 1024, body.length - at));
        }
        out.flush();
        return null;
      });
      // A reset connection fails the write here ("Broken pipe" / "Connection reset").
      written.get(60, TimeUnit.SECONDS);
      InputStream in = s.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      in.transferTo(answer); // the 413 closes the connection, so this ends
      return answer.toString(StandardCharsets.UTF_8);
    }
  }

  static byte[] filler(int n, byte b) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
