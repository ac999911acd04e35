package ai.muq.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as given: for requests no HTTP client library would
 * send (invalid UTF-8 and NUL bytes in the URL, encoded slashes, oversized headers, broken
 * multipart), whose errors the servlet container raises before any Spring code runs.
 */
final class RawHttp {

  /** A parsed answer: status, headers (lower-case names, last one wins) and the de-chunked body. */
  record Response(int status, Map<String, String> headers, String body) {

    String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    @Override
    public String toString() {
      return status + " " + headers + "\n" + body;
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, without the blank line) and body; reads the answer. */
  static Response send(int port, String head, byte[] body) throws IOException {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    req.writeBytes(("\r\nHost: localhost:" + port + "\r\nConnection: close\r\n").getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      req.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
    req.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    if (body != null) {
      req.writeBytes(body);
    }
    return exchange(port, req.toByteArray());
  }

  /** Sends the exact bytes given (nothing added) and reads the answer up to the connection's close. */
  static Response exchange(int port, byte[] request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(30_000);
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush(); // no half-close: the service takes that for a client gone away
      } catch (IOException e) {
        // the server may answer and close before reading everything (oversized requests): read what it said
      }
      return parse(readAll(s.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (java.net.SocketException e) {
      // connection reset after the answer was sent
    }
    return out.toByteArray();
  }

  static Response parse(byte[] raw) {
    String all = new String(raw, StandardCharsets.ISO_8859_1);
    int end = all.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete HTTP answer: [" + all + "]");
    }
    String[] lines = all.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < b.length) {
      int eol = indexOfCrlf(b, i);
      if (eol < 0) {
        break;
      }
      String size = new String(b, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int n = Integer.parseInt(size, 16);
      if (n == 0) {
        break;
      }
      out.write(b, eol + 2, Math.min(n, b.length - eol - 2));
      i = eol + 2 + n + 2;
    }
    return out.toByteArray();
  }

  private static int indexOfCrlf(byte[] b, int from) {
    for (int i = from; i + 1 < b.length; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
