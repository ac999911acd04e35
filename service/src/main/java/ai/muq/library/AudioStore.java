package ai.muq.library;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps the original uploaded bytes of every track, addressed by their SHA-256, so that the library
 * can be re-embedded by a new model ({@code reindex}) without the user uploading again. Files are
 * written to a temporary name, fsynced and renamed, so a crash never leaves a truncated file under a
 * final name.
 *
 * <p>Layout: {@code <dir>/<sha[0:2]>/<sha>.<ext>}; the extension is kept as the decoder's format hint.
 */
public final class AudioStore {

  private static final Pattern SAFE_EXTENSION = Pattern.compile("[a-z0-9]{1,8}");

  private final Path dir;

  public AudioStore(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create audio store " + dir, e);
    }
  }

  /** Stores the bytes (once per content) and returns the stored file. */
  public Path put(String sha256, byte[] data, String fileName) {
    Optional<Path> existing = find(sha256);
    if (existing.isPresent()) {
      return existing.get();
    }
    Path target = dir.resolve(sha256.substring(0, 2)).resolve(sha256 + "." + extension(fileName));
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), sha256, ".tmp");
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.write(java.nio.ByteBuffer.wrap(data));
        channel.force(true);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store audio " + sha256, e);
    }
  }

  /** The stored file for this content, if any. */
  public Optional<Path> find(String sha256) {
    Path sub = dir.resolve(sha256.substring(0, 2));
    if (!Files.isDirectory(sub)) {
      return Optional.empty();
    }
    try (var files = Files.list(sub)) {
      return files.filter(p -> {
        String name = p.getFileName().toString();
        return name.startsWith(sha256 + ".") && !name.endsWith(".tmp");
      }).findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String extension(String fileName) {
    if (fileName != null) {
      int dot = fileName.lastIndexOf('.');
      String ext = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
      if (SAFE_EXTENSION.matcher(ext).matches()) {
        return ext;
      }
    }
    return "bin";
  }
}
