package ai.muq.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Downloads model files from a HuggingFace-compatible hub into huggingface_hub's cache, speaking the
 * hub's HTTP file API as huggingface_hub does:
 *
 * <ul>
 *   <li>{@code GET {endpoint}/api/models/{repo}/revision/{rev}}: the commit ({@code sha}) and the
 *       file list ({@code siblings[].rfilename});
 *   <li>{@code HEAD {endpoint}/{repo}/resolve/{commit}/{file}}: {@code X-Repo-Commit}, the ETag
 *       ({@code X-Linked-Etag} for LFS files, else {@code ETag}), the size ({@code X-Linked-Size},
 *       else {@code Content-Length}) and, for LFS files, a redirect to the blob's storage URL. Only
 *       redirects within the hub (a renamed or legacy repo id) are followed here;
 *   <li>{@code GET} of the file (or its storage URL), resumed with {@code Range} from a partial
 *       {@code .incomplete} file and streamed to disk.
 * </ul>
 *
 * <p>Every file is checked against its size and ETag (sha256 for LFS, git sha1 otherwise) before
 * it is used: a cached blob that fails is deleted and fetched again; a download that fails is never
 * moved into the cache. The token goes only to the hub's own host. Offline ({@code
 * HF_HUB_OFFLINE=1}) nothing is requested and only cached, verified files are used.
 */
public final class HubClient {

  /** A resolved revision: the commit and the repo's files (from the hub, or the cached snapshot offline). */
  public record Revision(HubRef ref, String commit, List<String> files) {}

  /** What a HEAD of a file says. */
  record FileMeta(String commit, String etag, long size, URI location) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_REDIRECTS = 10;
  private static final int ATTEMPTS = 2;

  private final HubSettings settings;
  private final HubCache cache;
  private final DownloadProgress progress;
  private final Consumer<String> log;
  private final HttpClient http;
  private final Duration stallTimeout;

  /**
   * @param progress how downloads report progress
   * @param log one-line notices (a refused cached file, a retry)
   */
  public HubClient(HubSettings settings, DownloadProgress progress, Consumer<String> log) {
    this(settings, progress, log, DEFAULT_STALL_TIMEOUT);
  }

  /** How long a download may receive nothing before it is broken off (and can be resumed). */
  static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(60);

  HubClient(HubSettings settings, DownloadProgress progress, Consumer<String> log, Duration stallTimeout) {
    this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cache = new HubCache(settings.cacheDir());
    this.progress = Objects.requireNonNull(progress, "progress");
    this.log = Objects.requireNonNull(log, "log");
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(30))
            .build();
  }

  public HubSettings settings() {
    return settings;
  }

  public HubCache cache() {
    return cache;
  }

  // ------------------------------------------------------------------ revisions

  /**
   * Resolves a branch, tag or commit to a commit and lists the repo's files.
   *
   * @throws HubException for an unknown repo or revision, a refused token, an unreachable hub, or
   *     (offline) a revision the cache does not know
   */
  public Revision resolve(HubRef ref) throws IOException {
    if (settings.offline()) {
      String commit = ref.isCommit() ? ref.revision() : cache.readRef(ref.repo(), ref.revision());
      if (commit == null || !Files.isDirectory(cache.snapshotDir(ref.repo(), commit))) {
        throw new HubException(
            "HF_HUB_OFFLINE is set and " + ref + " is not in the cache " + settings.cacheDir()
                + "; run once with the hub reachable, or unset HF_HUB_OFFLINE");
      }
      return new Revision(ref, commit, cache.snapshotFiles(ref.repo(), commit));
    }
    URI uri = endpoint("api/models/" + ref.repo() + "/revision/" + encode(ref.revision(), false));
    HttpResponse<byte[]> res = sendFollowingHubRedirects("GET", uri, HttpResponse.BodyHandlers.ofByteArray());
    if (res.statusCode() != 200) {
      throw failure(res, ref, null);
    }
    JsonNode body;
    try {
      body = JSON.readTree(res.body());
    } catch (IOException e) {
      throw new HubException("the hub's answer for " + ref + " is not JSON (" + uri + ")");
    }
    String commit = body.path("sha").asText("");
    if (!HubRef.isCommit(commit)) {
      throw new HubException("the hub's answer for " + ref + " has no commit sha (" + uri + ")");
    }
    List<String> files = new ArrayList<>();
    for (JsonNode s : body.path("siblings")) {
      String name = s.path("rfilename").asText("");
      if (!name.isEmpty()) {
        files.add(name);
      }
    }
    cache.writeRef(ref.repo(), ref.revision(), commit);
    return new Revision(ref, commit, List.copyOf(files));
  }

  // ------------------------------------------------------------------ files

  /**
   * Returns the snapshot path of a file at a commit, downloading it when the cache lacks a verified
   * copy.
   *
   * @throws HubException when the file is unknown, refused, unreachable, or fails verification twice
   */
  public Path download(String repo, String commit, String file) throws IOException {
    checkFileName(file);
    Path entry = cache.snapshotFile(repo, commit, file);
    HubCache.Blob cached = cache.cachedBlob(repo, commit, file);
    if (cached != null && BlobCheck.verifiable(cached.etag())) {
      String bad = BlobCheck.mismatch(cached.path(), cached.etag(), -1);
      if (bad == null) {
        return entry;
      }
      log.accept("cached " + repo + "/" + file + " is damaged (" + bad + "); it is not used"
          + (settings.offline() ? "" : " and is fetched again"));
      Files.deleteIfExists(cached.path());
    } else if (cached == null && Files.isRegularFile(entry) && settings.offline()) {
      return entry; // a copied (not linked) snapshot file: nothing to verify it against offline
    }
    if (settings.offline()) {
      throw new HubException(
          "HF_HUB_OFFLINE is set and " + repo + "/" + file + " at " + commit
              + " is not in the cache (or is damaged); run once with the hub reachable");
    }
    FileMeta meta = head(repo, commit, file);
    try (HubCache.Lock lock = cache.lock(repo, meta.etag())) {
      Path blob = cache.blob(repo, meta.etag());
      if (Files.isRegularFile(blob)) {
        String bad = BlobCheck.mismatch(blob, meta.etag(), meta.size());
        if (bad == null) {
          return cache.link(repo, commit, file, meta.etag());
        }
        log.accept("cached blob of " + repo + "/" + file + " is damaged (" + bad + "); fetching it again");
        Files.delete(blob);
      }
      Files.createDirectories(blob.getParent());
      Path partial = blob.resolveSibling(meta.etag() + ".incomplete");
      for (int attempt = 1; ; attempt++) {
        fetch(repo, commit, file, meta, partial);
        String bad = BlobCheck.mismatch(partial, meta.etag(), meta.size());
        if (bad == null) {
          Files.move(partial, blob, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          return cache.link(repo, commit, file, meta.etag());
        }
        Files.deleteIfExists(partial);
        if (attempt >= ATTEMPTS) {
          throw new HubException(
              "the download of " + repo + "/" + file + " does not match the hub's ETag (" + bad
                  + ") twice; it was discarded");
        }
        log.accept("the download of " + repo + "/" + file + " does not match the hub's ETag (" + bad
            + "); discarded, fetching it again");
      }
    }
  }

  /** HEAD on the resolve URL: commit, ETag, size and (for LFS files) the storage location. */
  FileMeta head(String repo, String commit, String file) throws IOException {
    URI uri = resolveUri(repo, commit, file);
    HttpResponse<Void> res = sendFollowingHubRedirects("HEAD", uri, HttpResponse.BodyHandlers.discarding());
    int status = res.statusCode();
    URI location = null;
    if (status >= 300 && status < 400) {
      location = res.headers().firstValue("Location").map(res.uri()::resolve).orElse(null);
    } else if (status != 200) {
      throw failure(res, new HubRef(repo, commit), file);
    }
    Optional<String> etag = res.headers().firstValue("X-Linked-Etag").or(() -> res.headers().firstValue("ETag"));
    if (etag.isEmpty()) {
      throw new HubException("the hub gave no ETag for " + repo + "/" + file + " (" + uri + "); cannot verify it");
    }
    String size = res.headers().firstValue("X-Linked-Size")
        .or(() -> res.headers().firstValue("Content-Length")).orElse("");
    long bytes;
    try {
      bytes = Long.parseLong(size.strip());
    } catch (NumberFormatException e) {
      throw new HubException("the hub gave no size for " + repo + "/" + file + " (" + uri + ")");
    }
    String repoCommit = res.headers().firstValue("X-Repo-Commit").orElse(commit);
    String normalized = normalizeEtag(etag.get());
    if (!normalized.matches("[A-Za-z0-9._-]{1,128}") || normalized.startsWith(".")) {
      throw new HubException("the hub gave an unusable ETag for " + repo + "/" + file + ": " + etag.get());
    }
    return new FileMeta(repoCommit, normalized, bytes, location);
  }

  /** Streams the file into {@code partial}, continuing after the bytes already there. */
  private void fetch(String repo, String commit, String file, FileMeta meta, Path partial) throws IOException {
    long have = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    if (have > meta.size()) {
      Files.delete(partial);
      have = 0;
    }
    if (have == meta.size() && have > 0) {
      return;
    }
    URI uri = meta.location() != null ? meta.location() : resolveUri(repo, commit, file);
    HttpResponse<InputStream> res = null;
    for (int hop = 0; ; hop++) {
      HttpRequest.Builder req = request(uri).GET();
      if (have > 0) {
        req.header("Range", "bytes=" + have + "-");
      }
      res = send(req.build(), HttpResponse.BodyHandlers.ofInputStream(), uri);
      int status = res.statusCode();
      if (status >= 300 && status < 400 && hop < MAX_REDIRECTS) {
        Optional<String> loc = res.headers().firstValue("Location");
        res.body().close();
        if (loc.isEmpty()) {
          throw new HubException("redirect without Location from " + uri);
        }
        uri = uri.resolve(loc.get());
        continue;
      }
      break;
    }
    int status = res.statusCode();
    boolean append;
    if (status == 206 && have > 0) {
      String range = res.headers().firstValue("Content-Range").orElse("");
      if (!range.startsWith("bytes " + have + "-")) {
        res.body().close();
        throw new HubException("the hub resumed " + repo + "/" + file + " at the wrong place (" + range + ")");
      }
      append = true;
    } else if (status == 200) {
      append = false; // the server ignored Range: start over
      have = 0;
    } else {
      try (InputStream ignored = res.body()) {
        throw failure(res, new HubRef(repo, commit), file);
      }
    }
    progress.start(file, meta.size(), have);
    long done = have;
    InputStream body = res.body();
    Stall stall = new Stall(body, stallTimeout);
    try (InputStream in = body;
        Stall watched = stall;
        OutputStream out =
            Files.newOutputStream(
                partial,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        done += n;
        stall.progressed();
        progress.update(done);
      }
    } catch (IOException e) {
      String why = stall.fired() ? "nothing received for " + stallTimeout.toSeconds() + " s" : firstLine(e);
      throw new HubException(
          "the download of " + repo + "/" + file + " broke off after " + DownloadProgress.human(done)
              + " (" + why + "); run again to resume it");
    }
    if (stall.fired()) {
      throw new HubException("the download of " + repo + "/" + file + " stalled; run again to resume it");
    }
    progress.finish();
  }

  /**
   * Closes a response body that has received nothing for the timeout, so a stalled connection
   * ends the read (the partial file stays for a resume) instead of hanging.
   */
  private static final class Stall implements AutoCloseable {
    private final java.util.concurrent.atomic.AtomicLong last = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    private final java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread watchdog;

    Stall(InputStream body, Duration timeout) {
      long limit = timeout.toNanos();
      long tick = Math.max(10, timeout.toMillis() / 4);
      watchdog = Thread.ofVirtual().start(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(tick);
            if (System.nanoTime() - last.get() > limit) {
              fired.set(true);
              body.close();
              return;
            }
          }
        } catch (InterruptedException | IOException e) {
          // ended by close(), or the body was already closed
        }
      });
    }

    void progressed() {
      last.set(System.nanoTime());
    }

    boolean fired() {
      return fired.get();
    }

    @Override
    public void close() {
      watchdog.interrupt();
    }
  }

  // ------------------------------------------------------------------ HTTP

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("User-Agent", "muq-hub-client/1 (huggingface_hub-compatible)")
            .header("Accept-Encoding", "identity")
            .timeout(Duration.ofMinutes(2));
    if (settings.token() != null && sameOrigin(uri, settings.endpoint())) {
      b.header("Authorization", "Bearer " + settings.token());
    }
    return b;
  }

  /**
   * Sends a request and follows redirects that stay on the hub (a renamed or legacy repo id),
   * returning a redirect elsewhere (LFS storage) to the caller, as huggingface_hub does.
   */
  private <T> HttpResponse<T> sendFollowingHubRedirects(
      String method, URI uri, HttpResponse.BodyHandler<T> handler) throws IOException {
    URI current = uri;
    for (int hop = 0; ; hop++) {
      HttpRequest req = request(current).method(method, HttpRequest.BodyPublishers.noBody()).build();
      HttpResponse<T> res = send(req, handler, current);
      int status = res.statusCode();
      if (status < 300 || status >= 400 || hop >= MAX_REDIRECTS) {
        return res;
      }
      Optional<String> loc = res.headers().firstValue("Location");
      if (loc.isEmpty()) {
        return res;
      }
      URI next = current.resolve(loc.get());
      if (!sameOrigin(next, settings.endpoint())) {
        return res;
      }
      current = next;
    }
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler, URI uri)
      throws IOException {
    try {
      return http.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubException("interrupted while talking to the hub at " + settings.endpoint());
    } catch (IOException e) {
      throw new HubException(
          "cannot reach the hub at " + uri.getScheme() + "://" + uri.getAuthority() + " (" + firstLine(e)
              + "); check the network or HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use the cache "
              + settings.cacheDir());
    }
  }

  /** The one-line error for a refused request, from the status and the hub's X-Error-Code. */
  private HubException failure(HttpResponse<?> res, HubRef ref, String file) {
    int status = res.statusCode();
    String code = res.headers().firstValue("X-Error-Code").orElse("");
    String what = file == null ? ref.toString() : ref.repo() + "/" + file + " at " + ref.revision();
    String tokenHint = settings.token() == null
        ? "; if it is private or gated, set HF_TOKEN to a token with access"
        : "; the HF_TOKEN given has no access to it";
    return switch (code) {
      case "RepoNotFound" -> new HubException(
          "model repo '" + ref.repo() + "' not found on " + settings.endpoint() + " (HTTP " + status + ")" + tokenHint);
      case "GatedRepo" -> new HubException(
          "model repo '" + ref.repo() + "' is gated (HTTP " + status + "): accept its conditions on "
              + settings.endpoint() + " and set HF_TOKEN to a token of that account");
      case "RevisionNotFound" -> new HubException(
          "revision '" + ref.revision() + "' not found in model repo '" + ref.repo() + "' (HTTP " + status + ")");
      case "EntryNotFound" -> new HubException(what + " not found on the hub (HTTP " + status + ")");
      default -> switch (status) {
        case 401 -> new HubException(
            "the hub refused " + what + " (HTTP 401 Unauthorized)" + (settings.token() == null
                ? ": it is private or gated; set HF_TOKEN to a token with access"
                : ": HF_TOKEN is invalid or has no access"));
        case 403 -> new HubException(
            "the hub refused " + what + " (HTTP 403 Forbidden): HF_TOKEN has no access to it; for a gated"
                + " repo, accept its conditions on the hub first");
        case 404 -> new HubException(what + " not found on " + settings.endpoint() + " (HTTP 404)" + tokenHint);
        default -> new HubException("the hub answered HTTP " + status + " for " + what + " (" + res.uri() + ")");
      };
    };
  }

  private URI resolveUri(String repo, String commit, String file) {
    return endpoint(repo + "/resolve/" + encode(commit, false) + "/" + encode(file, true));
  }

  private URI endpoint(String path) {
    String base = settings.endpoint().toString();
    return URI.create(base + (base.endsWith("/") ? "" : "/") + path);
  }

  private static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(lower(a.getHost()), lower(b.getHost()))
        && port(a) == port(b);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  /** Percent-encodes a path part; '/' stays when {@code keepSlash} (a file in a subfolder). */
  static String encode(String s, boolean keepSlash) {
    StringBuilder b = new StringBuilder();
    for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
      int ch = c & 0xff;
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
          || ch == '-' || ch == '.' || ch == '_' || ch == '~' || (keepSlash && ch == '/')) {
        b.append((char) ch);
      } else {
        b.append('%').append(String.format("%02X", ch));
      }
    }
    return b.toString();
  }

  /** ETags come as {@code "abc"} or {@code W/"abc"}; the cache names blobs by the bare value. */
  static String normalizeEtag(String etag) {
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    return e.replace("\"", "");
  }

  /** A repo file name must stay inside the snapshot folder. */
  private static void checkFileName(String file) throws HubException {
    if (file.isEmpty() || file.startsWith("/") || file.contains("\\")
        || List.of(file.split("/")).stream().anyMatch(p -> p.isEmpty() || p.equals("..") || p.equals("."))) {
      throw new HubException("refusing the repo file name '" + file + "'");
    }
  }

  private static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
