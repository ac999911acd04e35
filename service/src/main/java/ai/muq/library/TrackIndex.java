package ai.muq.library;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Storage and nearest-neighbour search of tracks: the seam between the library and a search
 * backend (embedded Lucene now, a distributed engine later; both must pass
 * {@code TrackIndexContractTest}).
 *
 * <p>Invariants every implementation keeps:
 * <ul>
 *   <li>A write method that returns normally is durable: the change survives a crash of the process.
 *   <li>A write is visible to every read and search that starts after it returned (deleted tracks
 *       are never returned again).
 *   <li>A search only compares the query with vectors made by the query's bundle.
 *   <li>{@link #list} returns tracks in ascending id order; cursors stay valid across writes.
 * </ul>
 */
public interface TrackIndex extends AutoCloseable {

  /** Inserts or replaces (with its segments) the track with this id. */
  void upsert(TrackDocument track);

  /** Inserts or replaces several tracks, durable together when this returns. */
  void upsertAll(Collection<TrackDocument> tracks);

  Optional<TrackInfo> get(String id);

  /** The full document including vectors, e.g. to re-store it or search "more like this". */
  Optional<TrackDocument> getDocument(String id);

  /**
   * A page of at most {@code limit} tracks whose ids follow {@code cursor} (null = from the start).
   *
   * @throws IllegalArgumentException for a malformed cursor or a limit outside 1..1000
   */
  TrackPage list(int limit, String cursor);

  /** Applies a metadata patch; empty when no such track. */
  Optional<TrackInfo> patch(String id, MetadataPatch patch);

  /** Deletes the track and its segments; false when it did not exist. */
  boolean delete(String id);

  /** The {@code query.topK()} best tracks by cosine similarity that pass the filter, best first. */
  List<TrackHit> search(VectorQuery query);

  /** Number of tracks (all bundles). */
  long count();

  /**
   * Up to {@code limit} ids, in id order and after {@code afterId} (null = from the start), of
   * tracks whose vectors come from a bundle other than {@code bundleId}.
   */
  List<String> idsNotInBundle(String bundleId, String afterId, int limit);

  @Override
  void close();
}
