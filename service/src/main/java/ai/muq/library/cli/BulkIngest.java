package ai.muq.library.cli;

import ai.muq.library.AudioStore;
import ai.muq.library.TrackIds;
import ai.muq.library.TrackLibrary;
import ai.muq.library.TrackMetadata;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds a catalog to the library: every audio file under a folder, or the entries of a manifest.
 *
 * <p>Concurrent ({@code threads} files at once), with a progress line on stderr. Each finished file
 * is appended to a journal in the data directory (one per catalog), so a run that is interrupted
 * and started again skips the files already done. A file that fails is reported with its reason and
 * the run goes on; failed files are tried again by the next run.
 *
 * <p>Manifest: a {@code .jsonl} file, one JSON object per line: {@code {"path": "a/b.wav", "id":
 * "...", "title": "...", "artist": "...", "tags": [...], "attributes": {...}}}; only {@code path} is
 * required and relative paths are resolved against the manifest's folder.
 */
public final class BulkIngest {

  /** File extensions taken from a folder. */
  public static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "flac", "mp3", "ogg", "opus", "aif", "aiff", "au", "m4a");

  /** One file to add. */
  public record Item(String key, Path file, String id, TrackMetadata metadata) {}

  /** A file that could not be added. */
  public record Failure(String key, String reason) {}

  public record Report(int total, int added, int unchanged, int skippedAsDone, List<Failure> failures) {}

  private final TrackLibrary library;
  private final Path journalDir;
  private final JsonMapper json;

  public BulkIngest(TrackLibrary library, Path journalDir, JsonMapper json) {
    this.library = library;
    this.journalDir = journalDir;
    this.json = json;
  }

  /** The items of a folder (audio files, sorted by path) or of a {@code .jsonl} manifest. */
  public List<Item> itemsOf(Path source) {
    try {
      if (Files.isDirectory(source)) {
        try (var files = Files.walk(source)) {
          return files.filter(Files::isRegularFile)
              .filter(p -> AUDIO_EXTENSIONS.contains(AudioStore.extension(p.getFileName().toString())))
              .sorted()
              .map(p -> {
                String name = p.getFileName().toString();
                String title = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                return new Item(source.relativize(p).toString(), p, null, new TrackMetadata(title, null, List.of(), Map.of()));
              })
              .toList();
        }
      }
      if (Files.isRegularFile(source)) {
        List<Item> items = new ArrayList<>();
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        Path base = source.toAbsolutePath().getParent();
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (!line.isEmpty()) {
            items.add(manifestItem(base, line, i + 1));
          }
        }
        return items;
      }
      throw new IllegalArgumentException("no such folder or manifest: " + source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Item manifestItem(Path base, String line, int lineNumber) {
    try {
      JsonNode node = json.readTree(line);
      String path = node.path("path").asString(null);
      if (path == null || path.isBlank()) {
        throw new IllegalArgumentException("missing \"path\"");
      }
      List<String> tags = new ArrayList<>();
      node.path("tags").forEach(t -> tags.add(t.asString()));
      Map<String, String> attributes = new java.util.TreeMap<>();
      node.path("attributes").properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asString()));
      TrackMetadata metadata = new TrackMetadata(node.path("title").asString(null), node.path("artist").asString(null), tags, attributes);
      String id = node.path("id").asString(null);
      if (id != null) {
        TrackIds.requireValid(id);
      }
      return new Item("line " + lineNumber + ": " + path, base.resolve(path), id, metadata);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("manifest line " + lineNumber + ": " + e.getMessage(), e);
    }
  }

  /** Ingests the items; never throws for a single bad file. */
  public Report run(Path source, List<Item> items, int threads, PrintStream progress) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1");
    }
    Path journal = journalDir.resolve("ingest-" + TrackLibrary.sha256(
        source.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".journal");
    Set<String> done = readJournal(journal);
    List<Item> todo = items.stream().filter(item -> !done.contains(item.key())).toList();
    int skipped = items.size() - todo.size();
    AtomicInteger added = new AtomicInteger();
    AtomicInteger unchanged = new AtomicInteger();
    ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    long start = System.nanoTime();
    Runnable printProgress = () -> {
      int finished = added.get() + unchanged.get() + failures.size();
      double seconds = (System.nanoTime() - start) / 1e9;
      double rate = finished / Math.max(seconds, 1e-9);
      String eta = rate > 0 ? formatSeconds((todo.size() - finished) / rate) : "?";
      progress.printf(Locale.ROOT, "\r%s %d/%d added=%d unchanged=%d failed=%d skipped=%d %.1f files/s eta %s   ",
          bar(finished, todo.size()), finished, todo.size(), added.get(), unchanged.get(), failures.size(), skipped, rate, eta);
      progress.flush();
    };
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ingest-progress");
      t.setDaemon(true);
      return t;
    });
    ticker.scheduleAtFixedRate(printProgress, 0, 500, TimeUnit.MILLISECONDS);
    try (BufferedWriter out = Files.newBufferedWriter(journal, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (Item item : todo) {
        pool.submit(() -> {
          try {
            byte[] data = Files.readAllBytes(item.file());
            TrackLibrary.AddResult result = library.add(data, item.file().getFileName().toString(), item.id(), item.metadata());
            (result.outcome() == TrackLibrary.Outcome.UNCHANGED ? unchanged : added).incrementAndGet();
            synchronized (out) {
              // The key is escaped so a file name with a tab or newline cannot break the journal.
              out.write(escape(item.key()) + "\t" + result.track().id() + "\n");
              out.flush();
            }
          } catch (Exception e) {
            failures.add(new Failure(item.key(), e.getClass().getSimpleName() + ": " + e.getMessage()));
          }
        });
      }
      pool.shutdown();
      pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write ingest journal " + journal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("ingest interrupted", e);
    } finally {
      ticker.shutdownNow();
      printProgress.run();
      progress.println();
    }
    List<Failure> failed = new ArrayList<>(failures);
    failed.sort(java.util.Comparator.comparing(Failure::key));
    return new Report(items.size(), added.get(), unchanged.get(), skipped, failed);
  }

  private static Set<String> readJournal(Path journal) {
    Set<String> done = new HashSet<>();
    if (Files.exists(journal)) {
      try {
        for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
          int tab = line.lastIndexOf('\t');
          if (tab > 0) { // a line cut by a crash has no tab and is ignored
            done.add(unescape(line.substring(0, tab)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return done;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static String bar(int done, int total) {
    int width = 24;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
  }

  private static String formatSeconds(double s) {
    long secs = Math.round(s);
    return secs >= 60 ? (secs / 60) + "m" + String.format(Locale.ROOT, "%02d", secs % 60) + "s" : secs + "s";
  }
}
