package ai.muq.deploy;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body: file parts and text parts, in order. */
final class Multipart {

  private final String boundary = "muq-" + UUID.randomUUID();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  Multipart file(String name, String filename, String contentType, byte[] content) {
    head("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n"
        + "Content-Type: " + contentType + "\r\n");
    body.writeBytes(content);
    body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  Multipart field(String name, String value) {
    return part(name, "text/plain; charset=UTF-8", value);
  }

  Multipart part(String name, String contentType, String value) {
    head("Content-Disposition: form-data; name=\"" + name + "\"\r\nContent-Type: " + contentType + "\r\n");
    body.writeBytes((value + "\r\n").getBytes(StandardCharsets.UTF_8));
    return this;
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  HttpRequest.BodyPublisher publisher() {
    var copy = new ByteArrayOutputStream();
    copy.writeBytes(body.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return HttpRequest.BodyPublishers.ofByteArray(copy.toByteArray());
  }

  private void head(String headers) {
    body.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n").getBytes(StandardCharsets.UTF_8));
  }
}
