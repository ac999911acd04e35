package ai.muq.hub;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * huggingface_hub's cache layout, so a cache filled by Python tools is reused and ours is usable by
 * them: {@code models--OWNER--NAME/blobs/<etag>} holds each file once, named by its ETag (the
 * sha256 of an LFS file, the git blob sha1 of a small one); {@code refs/<revision>} holds the commit
 * a branch or tag pointed at; {@code snapshots/<commit>/<file>} is a relative symlink to {@code
 * ../../blobs/<etag>}. Partial downloads sit beside their blob as {@code <etag>.incomplete}; locks
 * live in {@code .locks/models--OWNER--NAME/<etag>.lock}.
 */
public final class HubCache {

  private final Path root;

  public HubCache(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** {@code models--OWNER--NAME}, as huggingface_hub names a model repo's folder. */
  public static String folderName(String repo) {
    return "models--" + repo.replace("/", "--");
  }

  public Path repoDir(String repo) {
    return root.resolve(folderName(repo));
  }

  public Path blob(String repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(etag);
  }

  public Path snapshotDir(String repo, String commit) {
    return repoDir(repo).resolve("snapshots").resolve(commit);
  }

  public Path snapshotFile(String repo, String commit, String file) {
    return snapshotDir(repo, commit).resolve(file);
  }

  /** The commit {@code refs/<revision>} records, or null. */
  public String readRef(String repo, String revision) throws IOException {
    Path ref = repoDir(repo).resolve("refs").resolve(revision);
    if (!Files.isRegularFile(ref)) {
      return null;
    }
    String commit = Files.readString(ref).strip();
    return HubRef.isCommit(commit) ? commit : null;
  }

  /** Records that a branch or tag points at a commit (nothing is written for a commit itself). */
  public void writeRef(String repo, String revision, String commit) throws IOException {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = repoDir(repo).resolve("refs").resolve(revision);
    Files.createDirectories(ref.getParent());
    Path tmp = ref.resolveSibling(ref.getFileName() + ".tmp");
    Files.writeString(tmp, commit);
    Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The blob a snapshot entry points to, with its ETag (the blob's name), or null when the entry
   * is missing or is not a link into this repo's blobs (then it cannot be verified).
   */
  public Blob cachedBlob(String repo, String commit, String file) throws IOException {
    Path entry = snapshotFile(repo, commit, file);
    if (!Files.isSymbolicLink(entry)) {
      return null;
    }
    Path target = entry.getParent().resolve(Files.readSymbolicLink(entry)).normalize();
    Path blobs = repoDir(repo).resolve("blobs").normalize();
    if (!blobs.equals(target.getParent()) || !Files.isRegularFile(target)) {
      return null;
    }
    return new Blob(target, target.getFileName().toString());
  }

  /** A blob file and the ETag it is named by. */
  public record Blob(Path path, String etag) {}

  /** Points {@code snapshots/<commit>/<file>} at the blob with a relative link, as Python does. */
  public Path link(String repo, String commit, String file, String etag) throws IOException {
    Path entry = snapshotFile(repo, commit, file);
    Files.createDirectories(entry.getParent());
    Path blob = blob(repo, etag);
    Path relative = entry.getParent().relativize(blob);
    Files.deleteIfExists(entry);
    try {
      Files.createSymbolicLink(entry, relative);
    } catch (UnsupportedOperationException | FileSystemException e) {
      // No symlinks (some Windows setups): huggingface_hub then copies the file as well.
      Files.copy(blob, entry, StandardCopyOption.REPLACE_EXISTING);
    }
    return entry;
  }

  /** The files of a cached snapshot, as repo-relative paths with '/'. */
  public List<String> snapshotFiles(String repo, String commit) throws IOException {
    Path dir = snapshotDir(repo, commit);
    List<String> files = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return files;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(p -> !Files.isDirectory(p))
          .forEach(p -> files.add(dir.relativize(p).toString().replace('\\', '/')));
    }
    files.sort(null);
    return files;
  }

  /**
   * Holds the lock huggingface_hub takes while it writes a blob, so a Python download and ours never
   * write the same file at once.
   */
  public Lock lock(String repo, String etag) throws IOException {
    Path file = root.resolve(".locks").resolve(folderName(repo)).resolve(etag + ".lock");
    Files.createDirectories(file.getParent());
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return new Lock(ch, ch.lock());
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** A held blob lock. */
  public record Lock(FileChannel channel, FileLock lock) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      try {
        lock.release();
      } finally {
        channel.close();
      }
    }
  }
}
