package ai.muq.data;

import ai.muq.audio.AudioLimits;
import ai.muq.audio.AudioLoader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background loader of fixed-length training crops.
 *
 * <p>Each epoch visits the catalog in an order shuffled by (seed, epoch). Worker threads decode
 * files ahead of the consumer; a coordinator thread assembles batches in epoch order and hands
 * them over through a bounded queue, so at most {@link Config#prefetchBatches()} batches wait in
 * memory. A clip longer than the crop is cut at an offset drawn from (seed, epoch, index); a
 * shorter one is repeated from its start (wrap padding). A file that cannot be decoded is logged
 * once as a warning and skipped; the batch is filled from the next files. A trailing partial
 * batch at the end of an epoch is dropped.
 *
 * <p>Every random choice depends only on (seed, epoch, index), never on timing, so a loader built
 * with the {@link Batch#next()} position of a batch delivers exactly the batches that followed it.
 */
public final class ClipLoader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClipLoader.class);

  /**
   * Where an epoch stands: {@code index} entries of epoch {@code epoch}'s order are consumed.
   */
  public record Position(long epoch, int index) {
    public Position {
      if (epoch < 0 || index < 0) {
        throw new IllegalArgumentException("position must be non-negative: " + epoch + "/" + index);
      }
    }

    public static final Position START = new Position(0, 0);
  }

  /**
   * @param batchSize clips per batch, at least 1
   * @param cropSamples samples per clip, at least 1
   * @param workers decoding threads, at least 1
   * @param seed shuffling and cropping seed
   * @param prefetchBatches bound of the batch queue, at least 1
   * @param epochs epochs to deliver before the end (0 = endless)
   */
  public record Config(
      int batchSize, int cropSamples, int workers, long seed, int prefetchBatches, long epochs) {
    public Config {
      if (batchSize < 1 || cropSamples < 1 || workers < 1 || prefetchBatches < 1 || epochs < 0) {
        throw new IllegalArgumentException(
            "batchSize, cropSamples, workers, prefetchBatches must be >= 1 and epochs >= 0");
      }
    }
  }

  /**
   * One batch.
   *
   * @param audio [batchSize][cropSamples] mono samples
   * @param entries the catalog entry of each row
   * @param next the position just after this batch (save it to resume)
   */
  public record Batch(float[][] audio, List<CatalogEntry> entries, Position next) {}

  private record Failure(Throwable cause) {}

  private static final Object END = new Object();

  private final List<CatalogEntry> entries;
  private final Config config;
  private final ClipDecoder decoder;
  private final BlockingQueue<Object> queue;
  private final ExecutorService workers;
  private final Thread coordinator;
  private final Set<Path> skipped = ConcurrentHashMap.newKeySet();
  private volatile Position position;
  private volatile boolean finished;

  /**
   * A loader decoding with the shared {@link AudioLoader} (WAV, AIFF, FLAC, MP3, Ogg Vorbis; mono,
   * resampled to 24 kHz).
   */
  public ClipLoader(List<CatalogEntry> entries, Config config, Position start) {
    this(entries, config, start, sharedDecoder());
  }

  /** The shared decoder at the models' rate, without size limits (training files are trusted). */
  public static ClipDecoder sharedDecoder() {
    AudioLoader loader = new AudioLoader(AudioLimits.unlimited());
    return file -> loader.load(file, SynthCorpus.SAMPLE_RATE);
  }

  public ClipLoader(
      List<CatalogEntry> entries, Config config, Position start, ClipDecoder decoder) {
    this.entries = List.copyOf(entries);
    this.config = Objects.requireNonNull(config);
    this.decoder = Objects.requireNonNull(decoder);
    this.position = Objects.requireNonNull(start);
    if (this.entries.isEmpty()) {
      throw new IllegalArgumentException("the catalog is empty");
    }
    if (start.index() > this.entries.size()) {
      throw new IllegalArgumentException(
          "start index " + start.index() + " beyond the catalog's " + this.entries.size() + " entries");
    }
    this.queue = new ArrayBlockingQueue<>(config.prefetchBatches());
    this.workers =
        Executors.newFixedThreadPool(
            config.workers(),
            Thread.ofPlatform().daemon().name("clip-decoder-", 0).factory());
    this.coordinator =
        Thread.ofPlatform().daemon().name("clip-loader").unstarted(() -> coordinate(start));
    coordinator.start();
  }

  /**
   * The next batch, waiting for it if needed; empty after the last epoch.
   *
   * @throws IllegalStateException when the loader failed (e.g. no file of the catalog decodes)
   */
  public Optional<Batch> next() throws InterruptedException {
    if (finished) {
      return Optional.empty();
    }
    Object item = queue.take();
    if (item == END) {
      finished = true;
      return Optional.empty();
    }
    if (item instanceof Failure f) {
      finished = true;
      throw new IllegalStateException("clip loader failed: " + f.cause().getMessage(), f.cause());
    }
    Batch batch = (Batch) item;
    position = batch.next();
    return Optional.of(batch);
  }

  /** Position after the last batch {@link #next()} returned (the start position before that). */
  public Position position() {
    return position;
  }

  /** Files skipped so far because they could not be decoded. */
  public Set<Path> skipped() {
    return Collections.unmodifiableSet(skipped);
  }

  @Override
  public void close() {
    coordinator.interrupt();
    workers.shutdownNow();
    finished = true;
  }

  /** The visiting order of an epoch: a Fisher-Yates shuffle seeded by (seed, epoch). */
  static int[] order(int n, long seed, long epoch) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(SynthCorpus.clipSeed(seed, (int) epoch) ^ epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  private record Pending(int index, CatalogEntry entry, Future<float[]> crop) {}

  private void coordinate(Position start) {
    try {
      int window = config.batchSize() * (config.prefetchBatches() + 1);
      for (long epoch = start.epoch(); config.epochs() == 0 || epoch < config.epochs(); epoch++) {
        int[] order = order(entries.size(), config.seed(), epoch);
        int first = epoch == start.epoch() ? start.index() : 0;
        int submitted = first;
        int batches = 0;
        Deque<Pending> pending = new ArrayDeque<>();
        List<float[]> rows = new ArrayList<>(config.batchSize());
        List<CatalogEntry> rowEntries = new ArrayList<>(config.batchSize());
        while (submitted < entries.size() || !pending.isEmpty()) {
          while (submitted < entries.size() && pending.size() < window) {
            CatalogEntry entry = entries.get(order[submitted]);
            long cropSeed = cropSeed(epoch, submitted);
            pending.add(new Pending(submitted, entry, workers.submit(() -> crop(entry, cropSeed))));
            submitted++;
          }
          Pending p = pending.poll();
          // Decode failures come back as null from crop(); an exception here is a bug and fatal.
          float[] crop = p.crop().get();
          if (crop == null) {
            continue;
          }
          rows.add(crop);
          rowEntries.add(p.entry());
          if (rows.size() == config.batchSize()) {
            queue.put(
                new Batch(
                    rows.toArray(new float[0][]), List.copyOf(rowEntries),
                    new Position(epoch, p.index() + 1)));
            batches++;
            rows.clear();
            rowEntries.clear();
          }
        }
        if (batches == 0 && first == 0) {
          throw new IllegalStateException(
              "epoch " + epoch + " gave no full batch: " + skipped.size() + " of " + entries.size()
                  + " files unreadable, batch size " + config.batchSize());
        }
      }
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      queue.clear(); // make room: the consumer must see the failure
      queue.offer(new Failure(t));
    }
  }

  private long cropSeed(long epoch, int index) {
    return SynthCorpus.clipSeed(config.seed() ^ (epoch * 0x632BE59BD9B4E019L), index);
  }

  /** Decodes and crops one entry; null when the file is unreadable (warned about once). */
  private float[] crop(CatalogEntry entry, long seed) {
    Path file = entry.audio();
    if (skipped.contains(file)) {
      return null;
    }
    float[] audio;
    try {
      audio = decoder.decode(file);
      if (audio.length == 0) {
        throw new IllegalArgumentException("no samples");
      }
    } catch (Exception e) {
      if (skipped.add(file)) {
        LOG.warn("skipping unreadable audio {}: {}", file, e.toString());
      }
      return null;
    }
    int n = config.cropSamples();
    float[] out = new float[n];
    if (audio.length >= n) {
      int offset = new SplittableRandom(seed).nextInt(audio.length - n + 1);
      System.arraycopy(audio, offset, out, 0, n);
    } else {
      for (int done = 0; done < n; done += audio.length) {
        System.arraycopy(audio, 0, out, done, Math.min(audio.length, n - done));
      }
    }
    return out;
  }
}
