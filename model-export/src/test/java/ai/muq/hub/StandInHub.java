package ai.muq.hub;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the hub's file API on loopback, with the headers huggingface_hub reads: {@code GET
 * /api/models/{repo}/revision/{rev}} (sha, siblings); {@code HEAD/GET /{repo}/resolve/{rev}/{file}}
 * with {@code X-Repo-Commit}, {@code ETag} (git blob sha1) for small files, and for large (LFS)
 * files a 302 to a blob URL on a second server (another origin, like the hub's CDN) with {@code
 * X-Linked-Etag} (the sha256) and {@code X-Linked-Size}; {@code Range} on blobs; 401 with {@code
 * X-Error-Code} for gated and unknown repos; 307 from a legacy id to its canonical repo. Faults can
 * be injected: a blob download that breaks off, or one that arrives corrupted.
 */
public final class StandInHub implements AutoCloseable {

  /** Files above this size are served as LFS files (302 to the blob server). */
  static final int LFS_THRESHOLD = 1024;

  record Repo(String commit, Map<String, byte[]> files, String token) {}

  private final HttpServer hub;
  private final HttpServer cdn;
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<String, String> aliases = new ConcurrentHashMap<>();
  private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<String, Integer> breakAfter = new ConcurrentHashMap<>();
  private final Map<String, Boolean> corruptOnce = new ConcurrentHashMap<>();
  private final Map<String, Integer> stallAfter = new ConcurrentHashMap<>();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger requests = new AtomicInteger();

  public StandInHub() throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    hub = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    cdn = HttpServer.create(new InetSocketAddress(lo, 0), 0);
    hub.createContext("/", this::hub);
    cdn.createContext("/", this::cdn);
    // One thread per exchange: a stalled download must not hold up the next request.
    hub.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    cdn.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    hub.start();
    cdn.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + hub.getAddress().getPort());
  }

  /** Publishes a repo with the given files; the commit is derived from the content. */
  public String publish(String repo, Map<String, byte[]> files, String token) {
    TreeMap<String, byte[]> sorted = new TreeMap<>(files);
    MessageDigest md = sha("SHA-1");
    sorted.forEach((k, v) -> {
      md.update(k.getBytes(StandardCharsets.UTF_8));
      md.update(v);
    });
    String commit = HexFormat.of().formatHex(md.digest());
    repos.put(repo, new Repo(commit, new LinkedHashMap<>(sorted), token));
    sorted.values().forEach(b -> blobs.put(sha256(b), b));
    return commit;
  }

  /** Publishes every regular file of a directory (by name). */
  public String publishDir(String repo, Path dir, String token) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p)) {
          files.put(p.getFileName().toString(), Files.readAllBytes(p));
        }
      }
    }
    return publish(repo, files, token);
  }

  /** A legacy id the hub redirects to its canonical repo (e.g. xlm-roberta-base). */
  public void alias(String legacy, String canonical) {
    aliases.put(legacy, canonical);
  }

  /** The next download of this content stops after {@code bytes}. */
  public void breakNextDownload(byte[] content, int bytes) {
    breakAfter.put(sha256(content), bytes);
  }

  /** The next download of this content sends {@code bytes}, then nothing for 20 s. */
  public void stallNextDownload(byte[] content, int bytes) {
    stallAfter.put(sha256(content), bytes);
  }

  /** The next download of this content arrives with one byte flipped. */
  public void corruptNextDownload(byte[] content) {
    corruptOnce.put(sha256(content), true);
  }

  /** Requests seen, as "METHOD path [range]". */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  @Override
  public void close() {
    hub.stop(0);
    cdn.stop(0);
  }

  // ------------------------------------------------------------------ hub

  private void hub(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getRawPath();
    log.add(ex.getRequestMethod() + " " + path);
    try (ex) {
      if (path.startsWith("/api/models/")) {
        String rest = path.substring("/api/models/".length());
        int i = rest.indexOf("/revision/");
        if (i < 0) {
          send(ex, 404, new byte[0]);
          return;
        }
        String repoId = rest.substring(0, i);
        String rev = java.net.URLDecoder.decode(rest.substring(i + "/revision/".length()), StandardCharsets.UTF_8);
        if (aliases.containsKey(repoId)) {
          redirect(ex, 307, "/api/models/" + aliases.get(repoId) + "/revision/" + rest.substring(i + "/revision/".length()));
          return;
        }
        Repo repo = access(ex, repoId);
        if (repo == null) {
          return;
        }
        if (!rev.equals("main") && !rev.equals(repo.commit())) {
          error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
          return;
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode().put("id", repoId).put("sha", repo.commit());
        ArrayNode siblings = body.putArray("siblings");
        repo.files().keySet().forEach(f -> siblings.addObject().put("rfilename", f));
        ex.getResponseHeaders().set("Content-Type", "application/json");
        send(ex, 200, json.writeValueAsBytes(body));
        return;
      }
      int r = path.indexOf("/resolve/");
      if (r < 0) {
        send(ex, 404, new byte[0]);
        return;
      }
      String repoId = path.substring(1, r);
      String rest = path.substring(r + "/resolve/".length());
      if (aliases.containsKey(repoId)) {
        redirect(ex, 307, "/" + aliases.get(repoId) + "/resolve/" + rest);
        return;
      }
      Repo repo = access(ex, repoId);
      if (repo == null) {
        return;
      }
      int slash = rest.indexOf('/');
      String rev = rest.substring(0, slash);
      String file = java.net.URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
      if (!rev.equals("main") && !rev.equals(repo.commit())) {
        error(ex, 404, "RevisionNotFound", "Invalid rev id: " + rev);
        return;
      }
      byte[] content = repo.files().get(file);
      if (content == null) {
        error(ex, 404, "EntryNotFound", file + " does not exist");
        return;
      }
      ex.getResponseHeaders().set("X-Repo-Commit", repo.commit());
      if (content.length > LFS_THRESHOLD) {
        String oid = sha256(content);
        // The hub's own ETag of an LFS file is its pointer's; the content's is X-Linked-Etag.
        ex.getResponseHeaders().set("ETag", "\"" + gitSha1(("version https://git-lfs.github.com/spec/v1\noid sha256:" + oid + "\nsize " + content.length + "\n").getBytes(StandardCharsets.UTF_8)) + "\"");
        ex.getResponseHeaders().set("X-Linked-Etag", "\"" + oid + "\"");
        ex.getResponseHeaders().set("X-Linked-Size", Long.toString(content.length));
        ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + oid + "?sig=x");
        ex.sendResponseHeaders(302, -1);
        return;
      }
      ex.getResponseHeaders().set("ETag", "\"" + gitSha1(content) + "\"");
      if (ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
        ex.sendResponseHeaders(200, -1);
      } else {
        send(ex, 200, content);
      }
    }
  }

  /** The repo, or null after answering 401 as the hub does (unknown or gated without a token). */
  private Repo access(HttpExchange ex, String repoId) throws IOException {
    Repo repo = repos.get(repoId);
    if (repo == null) {
      error(ex, 401, "RepoNotFound", "Repository Not Found for url");
      return null;
    }
    if (repo.token() != null) {
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      if (auth == null) {
        error(ex, 401, "GatedRepo", "Access to model " + repoId + " is restricted.");
        return null;
      }
      if (!auth.equals("Bearer " + repo.token())) {
        error(ex, 403, "GatedRepo", "Access to model " + repoId + " is restricted.");
        return null;
      }
    }
    return repo;
  }

  // ------------------------------------------------------------------ blob storage ("CDN")

  private void cdn(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getPath();
    String range = ex.getRequestHeaders().getFirst("Range");
    log.add("CDN " + ex.getRequestMethod() + " " + path + (range == null ? "" : " " + range));
    try (ex) {
      if (ex.getRequestHeaders().containsKey("Authorization")) {
        send(ex, 400, "token sent to storage".getBytes(StandardCharsets.UTF_8));
        return;
      }
      String oid = path.substring(path.lastIndexOf('/') + 1);
      byte[] content = blobs.get(oid);
      if (content == null) {
        send(ex, 404, new byte[0]);
        return;
      }
      int from = 0;
      if (range != null && range.startsWith("bytes=") && range.endsWith("-")) {
        from = Integer.parseInt(range.substring(6, range.length() - 1));
        if (from >= content.length) {
          ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
          send(ex, 416, new byte[0]);
          return;
        }
      }
      byte[] body = java.util.Arrays.copyOfRange(content, from, content.length);
      if (corruptOnce.remove(oid) != null) {
        body[body.length / 2] ^= 0x5a;
      }
      ex.getResponseHeaders().set("ETag", "\"" + oid + "\"");
      ex.getResponseHeaders().set("Accept-Ranges", "bytes");
      int status = 200;
      if (from > 0) {
        status = 206;
        ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
      }
      Integer cut = breakAfter.remove(oid);
      Integer stall = stallAfter.remove(oid);
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        if (cut != null) {
          out.write(body, 0, Math.min(cut, body.length));
          out.flush();
          // Drop the connection mid-body, as a network failure would.
          throw new IOException("stand-in: connection broken on purpose");
        }
        if (stall != null) {
          out.write(body, 0, Math.min(stall, body.length));
          out.flush();
          try {
            Thread.sleep(20_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw new IOException("stand-in: stalled on purpose");
        }
        out.write(body);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
    ex.getResponseHeaders().set("X-Error-Code", code);
    ex.getResponseHeaders().set("X-Error-Message", message);
    send(ex, status, ("{\"error\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private static void redirect(HttpExchange ex, int status, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    ex.sendResponseHeaders(status, -1);
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  static String sha256(byte[] b) {
    return HexFormat.of().formatHex(sha("SHA-256").digest(b));
  }

  static String gitSha1(byte[] b) {
    MessageDigest md = sha("SHA-1");
    md.update(("blob " + b.length + "\0").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(md.digest(b));
  }

  private static MessageDigest sha(String alg) {
    try {
      return MessageDigest.getInstance(alg);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
