package ai.muq.inference;

import ai.muq.bundle.BundleManifest;
import ai.muq.hub.HubCache;
import ai.muq.hub.HubClient;
import ai.muq.hub.HubException;
import ai.muq.hub.HubRef;
import ai.muq.hub.ReleaseDownload;
import ai.muq.importer.ReleaseImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds, or makes, the converted bundle for an {@code hf:OWNER/NAME[@REVISION]} entry of {@code
 * muq.bundles} in {@code muq.model-cache}, laid out like the hub cache: {@code
 * models--OWNER--NAME/refs/<revision>} holds the commit the revision resolved to when it was first
 * served, {@code models--OWNER--NAME/bundles/<commit>/} the bundle converted from that commit. A
 * revision seen before needs no request at all; a new one is resolved once through the hub (HF_*
 * environment), and a commit without a bundle is downloaded (into the HuggingFace cache) and
 * converted here, exactly as {@code model-export import --from hf:} does (the importer needs no
 * libtorch).
 */
final class HubBundles {

  private final HubCache modelCache;
  private final HubClient hub;
  private final Consumer<String> log;

  HubBundles(Path modelCache, HubClient hub, Consumer<String> log) {
    this.modelCache = new HubCache(modelCache);
    this.hub = hub;
    this.log = log;
  }

  /** Where the bundle for a repo and commit lives in the model cache. */
  Path bundleDir(String repo, String commit) {
    return modelCache.repoDir(repo).resolve("bundles").resolve(commit);
  }

  /**
   * The converted bundle for a hub reference, downloaded and converted first when missing.
   *
   * @throws IOException in one line: the hub refused or could not be reached, the repo is not a
   *     MuQ release, its checkpoint could not be converted, or the cache could not be written
   */
  Path locate(HubRef ref) throws IOException {
    String commit = ref.isCommit() ? ref.revision() : modelCache.readRef(ref.repo(), ref.revision());
    if (commit == null) {
      commit = hub.resolve(ref).commit();
      try {
        modelCache.writeRef(ref.repo(), ref.revision(), commit);
      } catch (IOException e) {
        // A read-only cache still serves; the next start resolves the revision again.
      }
    }
    Path dir = bundleDir(ref.repo(), commit);
    if (!Files.isRegularFile(dir.resolve(BundleManifest.FILE_NAME))) {
      convert(ref.at(commit), dir);
    }
    return dir;
  }

  /**
   * Downloads the release at a commit and converts it into {@code dir}: written into a sibling
   * folder first and moved into place whole, so an interrupted start never leaves a half bundle
   * that the next one would serve.
   */
  private void convert(HubRef ref, Path dir) throws IOException {
    log.accept(ref + " has no converted bundle in " + dir + "; downloading and converting it");
    ReleaseDownload.Release release = new ReleaseDownload(hub, log).fetch(ref);
    Files.createDirectories(dir.getParent());
    Path partial = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".converting-");
    try (PrintStream lines = new PrintStream(new LineSink(log), true, StandardCharsets.UTF_8)) {
      new ReleaseImporter(lines).run(new ReleaseImporter.Request(
          release.dir(), partial, ReleaseImporter.Precision.FP32, release.audioConfig(),
          release.textConfig(), release.tokenizer(), null, null,
          // The FFT front-end: a tenth of the conv's FLOPs on a CPU, and built from operators
          // that ORT's CUDA provider runs too, so one converted bundle serves either.
          ai.muq.onnx.StftFrontEnd.FFT, null,
          new BundleManifest.Source(release.repo(), release.commit())));
      try {
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // Another replica sharing the cache finished first: serve its bundle.
        if (!Files.isRegularFile(dir.resolve(BundleManifest.FILE_NAME))) {
          throw new HubException("cannot move the converted bundle into " + dir + ": " + e.getMessage());
        }
      }
    } finally {
      deleteTree(partial);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The importer's report, one log line per printed line. */
  private static final class LineSink extends OutputStream {
    private final Consumer<String> log;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineSink(Consumer<String> log) {
      this.log = log;
    }

    @Override
    public void write(int b) {
      if (b == '\n') {
        log.accept(line.toString(StandardCharsets.UTF_8).stripTrailing());
        line.reset();
      } else {
        line.write(b);
      }
    }

    @Override
    public void close() {
      if (line.size() > 0) {
        write('\n');
      }
    }
  }
}
