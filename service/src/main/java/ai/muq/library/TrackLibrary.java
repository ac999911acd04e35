package ai.muq.library;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The music library: adds tracks from audio (embedding them with the current model), keeps their
 * original audio for re-embedding, and answers text, audio and "more like this" searches.
 *
 * <p>Adding is idempotent: the same id with the same content under the same model bundle is not
 * embedded again (only its metadata is updated when new metadata is given). A track added without
 * an id gets one derived from its content, so re-adding the same file yields the same track.
 */
public final class TrackLibrary {

  /** What {@link #add} did. */
  public enum Outcome { CREATED, REPLACED, METADATA_UPDATED, UNCHANGED }

  public record AddResult(TrackInfo track, Outcome outcome) {}

  /** Outcome of {@link #reindex}: tracks re-embedded and those whose audio could not be. */
  public record ReindexReport(int reindexed, List<String> failures) {}

  private static final int LOCK_STRIPES = 64;

  private final TrackIndex index;
  private final TrackEmbedder embedder;
  private final AudioDecoder decoder;
  private final AudioStore audio;
  private final Clock clock;
  private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

  public TrackLibrary(TrackIndex index, TrackEmbedder embedder, AudioDecoder decoder, AudioStore audio, Clock clock) {
    this.index = Objects.requireNonNull(index);
    this.embedder = Objects.requireNonNull(embedder);
    this.decoder = Objects.requireNonNull(decoder);
    this.audio = Objects.requireNonNull(audio);
    this.clock = Objects.requireNonNull(clock);
    for (int i = 0; i < LOCK_STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  public String bundleId() {
    return embedder.bundleId();
  }

  /**
   * Adds or replaces a track; durable when it returns.
   *
   * @param data the encoded audio file
   * @param fileName original file name or MIME type (format hint, may be null)
   * @param requestedId the id to use, or null for a content-derived id
   * @param metadata the metadata, or null to keep the stored one (empty for a new track)
   */
  public AddResult add(byte[] data, String fileName, String requestedId, TrackMetadata metadata) {
    String sha = sha256(data);
    String id = requestedId == null ? TrackIds.fromContent(sha) : TrackIds.requireValid(requestedId);
    ReentrantLock lock = locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
    lock.lock();
    try {
      Optional<TrackDocument> existing = index.getDocument(id);
      String bundle = embedder.bundleId();
      if (existing.isPresent() && existing.get().contentSha256().equals(sha) && existing.get().bundleId().equals(bundle)) {
        audio.put(sha, data, fileName); // a store emptied by hand is refilled
        if (metadata == null || metadata.equals(existing.get().metadata())) {
          return new AddResult(existing.get().info(), Outcome.UNCHANGED);
        }
        TrackDocument updated = existing.get().withMetadata(metadata);
        index.upsert(updated);
        return new AddResult(updated.info(), Outcome.METADATA_UPDATED);
      }
      float[] waveform = decoder.decode(data, fileName);
      TrackEmbedding embedding = embedder.embedTrack(waveform).normalized();
      audio.put(sha, data, fileName);
      TrackMetadata meta = metadata != null ? metadata : existing.map(TrackDocument::metadata).orElse(TrackMetadata.EMPTY);
      TrackDocument doc = new TrackDocument(id, meta, sha, waveform.length / (double) AudioDecoder.SAMPLE_RATE, bundle,
          embedding.track(), embedding.segments(), existing.map(TrackDocument::addedAt).orElse(clock.instant()));
      index.upsert(doc);
      return new AddResult(doc.info(), existing.isPresent() ? Outcome.REPLACED : Outcome.CREATED);
    } finally {
      lock.unlock();
    }
  }

  public TrackInfo get(String id) {
    return index.get(id).orElseThrow(() -> new TrackNotFoundException(id));
  }

  public TrackPage list(int limit, String cursor) {
    return index.list(limit, cursor);
  }

  public TrackInfo patch(String id, MetadataPatch patch) {
    return index.patch(id, patch).orElseThrow(() -> new TrackNotFoundException(id));
  }

  /** Deletes the track from the index; its stored audio stays (other ids may share the content). */
  public void delete(String id) {
    if (!index.delete(id)) {
      throw new TrackNotFoundException(id);
    }
  }

  /** Tracks described by the text, best first. */
  public List<TrackHit> searchText(String text, int topK, TrackFilter filter, int segmentsPerTrack) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("text must not be blank");
    }
    return index.search(new VectorQuery(embedder.bundleId(), Vectors.normalized(embedder.embedText(text)), topK, filter,
        segmentsPerTrack));
  }

  /** Tracks that sound like the given stored track ("more like this"), excluding itself. */
  public List<TrackHit> searchSimilar(String trackId, int topK, TrackFilter filter, int segmentsPerTrack) {
    TrackDocument doc = index.getDocument(trackId).orElseThrow(() -> new TrackNotFoundException(trackId));
    if (!doc.bundleId().equals(embedder.bundleId())) {
      throw new TrackNotIndexedException(trackId, doc.bundleId(), embedder.bundleId());
    }
    TrackFilter f = filter == null ? TrackFilter.NONE : filter;
    return index.search(new VectorQuery(doc.bundleId(), doc.embedding(), topK, f.excluding(trackId), segmentsPerTrack));
  }

  /** Tracks that sound like the given clip. */
  public List<TrackHit> searchAudio(float[] waveform24k, int topK, TrackFilter filter, int segmentsPerTrack) {
    float[] query = embedder.embedTrack(waveform24k).normalized().track();
    return index.search(new VectorQuery(embedder.bundleId(), query, topK, filter, segmentsPerTrack));
  }

  /**
   * Re-embeds, from their stored audio, all tracks made by another bundle than the current one.
   * Resumable: tracks already re-embedded are not visited again. Failures are reported, not thrown.
   */
  public ReindexReport reindex(Consumer<String> progress) {
    String bundle = embedder.bundleId();
    int done = 0;
    List<String> failures = new java.util.ArrayList<>();
    String after = null;
    while (true) {
      List<String> ids = index.idsNotInBundle(bundle, after, 100);
      if (ids.isEmpty()) {
        return new ReindexReport(done, List.copyOf(failures));
      }
      for (String id : ids) {
        try {
          reembed(id);
          done++;
        } catch (RuntimeException e) {
          failures.add(id + ": " + e.getMessage());
        }
        progress.accept("reindex: " + done + " re-embedded, " + failures.size() + " failed, last " + id);
      }
      after = ids.getLast();
    }
  }

  private void reembed(String id) {
    ReentrantLock lock = locks[Math.floorMod(id.hashCode(), LOCK_STRIPES)];
    lock.lock();
    try {
      Optional<TrackDocument> current = index.getDocument(id);
      if (current.isEmpty() || current.get().bundleId().equals(embedder.bundleId())) {
        return; // deleted or re-added meanwhile
      }
      TrackDocument old = current.get();
      Path file = audio.find(old.contentSha256())
          .orElseThrow(() -> new IllegalStateException("stored audio for content " + old.contentSha256() + " is missing"));
      byte[] data;
      try {
        data = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      TrackEmbedding embedding = embedder.embedTrack(decoder.decode(data, file.getFileName().toString())).normalized();
      index.upsert(new TrackDocument(id, old.metadata(), old.contentSha256(), old.durationSeconds(), embedder.bundleId(),
          embedding.track(), embedding.segments(), old.addedAt()));
    } finally {
      lock.unlock();
    }
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
