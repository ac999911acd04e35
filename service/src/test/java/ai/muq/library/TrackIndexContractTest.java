package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link TrackIndex} backend must show. A backend's test extends this class and
 * says how to open its index on a data location (reopening the same location must see the same
 * data).
 */
abstract class TrackIndexContractTest {

  static final String BUNDLE = "muq-test-bundle-1";
  static final int DIM = 32;

  @TempDir Path dir;
  TrackIndex index;

  /** Opens the backend's index on {@code dir}; called again after close to test persistence. */
  protected abstract TrackIndex open(Path dir);

  @BeforeEach
  void openIndex() {
    index = open(dir);
  }

  @AfterEach
  void closeIndex() {
    if (index != null) {
      index.close();
    }
  }

  private static TrackMetadata meta(String artist, List<String> tags, Map<String, String> attributes) {
    return new TrackMetadata("title of " + artist, artist, tags, attributes);
  }

  private List<TrackDocument> addRandom(Random random, int n, int segments) {
    List<TrackDocument> docs = new ArrayList<>();
    String[] artists = {"ana", "bo", "cy"};
    String[] tags = {"piano", "strings", "drums", "calm", "loud"};
    for (int i = 0; i < n; i++) {
      List<String> t = List.of(tags[i % 5], tags[(i / 5) % 5]);
      TrackMetadata m = meta(artists[i % 3], t, Map.of("mood", i % 2 == 0 ? "even" : "odd", "n", Integer.toString(i)));
      docs.add(TestVectors.randomTrack(random, "trk-%04d".formatted(i), BUNDLE, DIM, segments, m));
    }
    index.upsertAll(docs);
    return docs;
  }

  @Test
  void upsertThenGetRoundTripsMetadataAndVectors() {
    Random random = new Random(1);
    TrackDocument doc = TestVectors.randomTrack(random, "song-1", BUNDLE, DIM, 3,
        new TrackMetadata("Night", "Ana", List.of("calm", "piano"), Map.of("key", "C minor", "bpm", "72")));
    index.upsert(doc);

    TrackInfo info = index.get("song-1").orElseThrow();
    assertThat(info).isEqualTo(doc.info());
    TrackDocument back = index.getDocument("song-1").orElseThrow();
    assertThat(back.embedding()).containsExactly(doc.embedding());
    assertThat(back.segments()).hasSize(3);
    for (int s = 0; s < 3; s++) {
      assertThat(back.segments().get(s).startSeconds()).isEqualTo(doc.segments().get(s).startSeconds());
      assertThat(back.segments().get(s).endSeconds()).isEqualTo(doc.segments().get(s).endSeconds());
      assertThat(back.segments().get(s).vector()).containsExactly(doc.segments().get(s).vector());
    }
    assertThat(index.get("missing")).isEmpty();
    assertThat(index.get("not a valid id!")).isEmpty();
    assertThat(index.count()).isEqualTo(1);
  }

  @Test
  void upsertReplacesTrackAndItsSegments() {
    Random random = new Random(2);
    index.upsert(TestVectors.randomTrack(random, "a", BUNDLE, DIM, 4, TrackMetadata.EMPTY));
    TrackDocument replacement = TestVectors.randomTrack(random, "a", BUNDLE, DIM, 1,
        new TrackMetadata("new", null, List.of("x"), Map.of()));
    index.upsert(replacement);

    assertThat(index.count()).isEqualTo(1);
    assertThat(index.get("a").orElseThrow().metadata().title()).isEqualTo("new");
    assertThat(index.getDocument("a").orElseThrow().segments()).hasSize(1);
    List<TrackHit> hits = index.search(new VectorQuery(BUNDLE, replacement.embedding(), 5, TrackFilter.NONE, 10));
    assertThat(hits).hasSize(1);
    assertThat(hits.getFirst().score()).isCloseTo(1f, within(1e-5f));
    assertThat(hits.getFirst().segments()).hasSize(1);
  }

  @Test
  void searchEqualsBruteForceOnSmallSet() {
    Random random = new Random(3);
    List<TrackDocument> docs = addRandom(random, 300, 0);
    for (int q = 0; q < 20; q++) {
      VectorQuery query = new VectorQuery(BUNDLE, TestVectors.randomUnit(random, DIM), 10);
      List<TrackHit> hits = index.search(query);
      assertThat(hits).extracting(h -> h.track().id()).containsExactlyElementsOf(TestVectors.bruteForce(docs, query));
      for (TrackHit hit : hits) {
        TrackDocument doc = docs.stream().filter(d -> d.id().equals(hit.track().id())).findFirst().orElseThrow();
        assertThat(hit.score()).isCloseTo(Vectors.dot(doc.embedding(), query.vector()), within(1e-5f));
      }
    }
  }

  @Test
  void filtersMatchTheReferenceSemantics() {
    Random random = new Random(4);
    List<TrackDocument> docs = addRandom(random, 200, 0);
    List<TrackFilter> filters = List.of(
        new TrackFilter(List.of("piano"), null, null, null, null),
        new TrackFilter(List.of("piano", "calm"), null, null, null, null),
        new TrackFilter(null, List.of("drums", "loud"), null, null, null),
        new TrackFilter(null, null, "bo", null, null),
        new TrackFilter(null, null, null, Map.of("mood", "odd"), null),
        new TrackFilter(List.of("strings"), List.of("piano", "calm"), "cy", Map.of("mood", "even"), null),
        new TrackFilter(null, null, null, Map.of("n", "17"), null),
        new TrackFilter(null, null, "nobody", null, null),
        new TrackFilter(null, null, null, null, Set.of("trk-0000", "trk-0001")));
    for (TrackFilter filter : filters) {
      VectorQuery query = new VectorQuery(BUNDLE, TestVectors.randomUnit(random, DIM), 15, filter, 0);
      List<String> expected = TestVectors.bruteForce(docs, query);
      List<TrackHit> hits = index.search(query);
      assertThat(hits).as("filter %s", filter).extracting(h -> h.track().id()).containsExactlyElementsOf(expected);
      assertThat(hits).allSatisfy(h -> assertThat(filter.matches(h.track())).isTrue());
    }
    assertThat(index.search(new VectorQuery(BUNDLE, TestVectors.randomUnit(random, DIM), 5,
        new TrackFilter(null, null, null, Map.of("n", "17"), null), 0))).hasSize(1);
  }

  @Test
  void segmentHitsAreTheBestSegmentsOfEachHitTrack() {
    Random random = new Random(5);
    List<TrackDocument> docs = addRandom(random, 50, 6);
    float[] q = TestVectors.randomUnit(random, DIM);
    List<TrackHit> hits = index.search(new VectorQuery(BUNDLE, q, 5, TrackFilter.NONE, 2));
    assertThat(hits).hasSize(5);
    for (TrackHit hit : hits) {
      TrackDocument doc = docs.stream().filter(d -> d.id().equals(hit.track().id())).findFirst().orElseThrow();
      List<SegmentVector> best = doc.segments().stream()
          .sorted(Comparator.comparingDouble((SegmentVector s) -> -Vectors.dot(s.vector(), q)))
          .limit(2)
          .toList();
      assertThat(hit.segments()).hasSize(2);
      for (int i = 0; i < 2; i++) {
        assertThat(hit.segments().get(i).startSeconds()).isEqualTo(best.get(i).startSeconds());
        assertThat(hit.segments().get(i).endSeconds()).isEqualTo(best.get(i).endSeconds());
        assertThat(hit.segments().get(i).score()).isCloseTo(Vectors.dot(best.get(i).vector(), q), within(1e-5f));
      }
    }
    assertThat(index.search(new VectorQuery(BUNDLE, q, 5))).allSatisfy(h -> assertThat(h.segments()).isEmpty());
  }

  @Test
  void pagingVisitsEveryTrackOnceInIdOrderEvenWhileWriting() {
    Random random = new Random(6);
    List<TrackDocument> docs = addRandom(random, 57, 0);
    List<String> seen = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      TrackPage page = index.list(10, cursor);
      page.tracks().forEach(t -> seen.add(t.id()));
      cursor = page.nextCursor();
      pages++;
      if (pages == 2) {
        // A write behind the cursor must not shift later pages.
        index.upsert(TestVectors.randomTrack(random, "trk-0000a", BUNDLE, DIM, 0, TrackMetadata.EMPTY));
      }
    } while (cursor != null);
    assertThat(pages).isEqualTo(6);
    assertThat(seen).containsExactlyElementsOf(docs.stream().map(TrackDocument::id).sorted().toList());
    assertThat(index.list(1000, null).tracks()).hasSize(58);
    assertThatThrownBy(() -> index.list(10, "garbage!")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> index.list(0, null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void patchChangesMetadataOnlyAndIsSearchable() {
    Random random = new Random(7);
    TrackDocument doc = TestVectors.randomTrack(random, "p1", BUNDLE, DIM, 2,
        new TrackMetadata("t", "ana", List.of("calm"), Map.of("a", "1", "b", "2")));
    index.upsert(doc);
    TrackInfo patched = index.patch("p1", new MetadataPatch(null, "bo", List.of("loud"), java.util.Collections.singletonMap("a", null)))
        .orElseThrow();
    assertThat(patched.metadata()).isEqualTo(new TrackMetadata("t", "bo", List.of("loud"), Map.of("b", "2")));
    assertThat(index.get("p1").orElseThrow().metadata()).isEqualTo(patched.metadata());
    TrackDocument back = index.getDocument("p1").orElseThrow();
    assertThat(back.embedding()).containsExactly(doc.embedding());
    assertThat(back.segments()).hasSize(2);
    assertThat(index.search(new VectorQuery(BUNDLE, doc.embedding(), 3, new TrackFilter(List.of("loud"), null, null, null, null), 0)))
        .extracting(h -> h.track().id()).containsExactly("p1");
    assertThat(index.search(new VectorQuery(BUNDLE, doc.embedding(), 3, new TrackFilter(List.of("calm"), null, null, null, null), 0)))
        .isEmpty();
    assertThat(index.patch("nope", new MetadataPatch("x", null, null, null))).isEmpty();
  }

  @Test
  void deletedTracksDisappearImmediately() {
    Random random = new Random(8);
    List<TrackDocument> docs = addRandom(random, 30, 2);
    TrackDocument victim = docs.get(7);
    assertThat(index.delete(victim.id())).isTrue();
    assertThat(index.get(victim.id())).isEmpty();
    assertThat(index.count()).isEqualTo(29);
    assertThat(index.search(new VectorQuery(BUNDLE, victim.embedding(), 30, TrackFilter.NONE, 3)))
        .hasSize(29)
        .noneMatch(h -> h.track().id().equals(victim.id()));
    assertThat(index.list(100, null).tracks()).noneMatch(t -> t.id().equals(victim.id()));
    assertThat(index.delete(victim.id())).isFalse();
  }

  @Test
  void searchNeverComparesVectorsOfAnotherBundle() {
    Random random = new Random(9);
    float[] shared = TestVectors.randomUnit(random, DIM);
    index.upsert(TestVectors.track("old-1", "bundle-old", shared, TrackMetadata.EMPTY, List.of()));
    index.upsert(TestVectors.randomTrack(random, "new-1", "bundle-new", DIM, 0, TrackMetadata.EMPTY));
    index.upsert(TestVectors.randomTrack(random, "wide-1", "bundle-wide", 64, 1, TrackMetadata.EMPTY));

    assertThat(index.search(new VectorQuery("bundle-new", shared, 10))).extracting(h -> h.track().id()).containsExactly("new-1");
    assertThat(index.search(new VectorQuery("bundle-old", shared, 10))).extracting(h -> h.track().id()).containsExactly("old-1");
    assertThat(index.search(new VectorQuery("bundle-unknown", shared, 10))).isEmpty();
    assertThat(index.search(new VectorQuery("bundle-wide", TestVectors.randomUnit(random, 64), 10, TrackFilter.NONE, 1)))
        .extracting(h -> h.track().id()).containsExactly("wide-1");
    assertThat(index.idsNotInBundle("bundle-new", null, 10)).containsExactly("old-1", "wide-1");
    assertThat(index.idsNotInBundle("bundle-new", "old-1", 10)).containsExactly("wide-1");
  }

  @Test
  void dataSurvivesCloseAndReopen() {
    Random random = new Random(10);
    List<TrackDocument> docs = addRandom(random, 40, 2);
    index.delete(docs.get(3).id());
    index.patch(docs.get(4).id(), new MetadataPatch("renamed", null, null, null));
    index.close();
    index = open(dir);

    assertThat(index.count()).isEqualTo(39);
    assertThat(index.get(docs.get(3).id())).isEmpty();
    assertThat(index.get(docs.get(4).id()).orElseThrow().metadata().title()).isEqualTo("renamed");
    VectorQuery query = new VectorQuery(BUNDLE, docs.get(10).embedding(), 5);
    List<TrackDocument> live = new ArrayList<>(docs);
    live.remove(3);
    assertThat(index.search(query)).extracting(h -> h.track().id()).containsExactlyElementsOf(TestVectors.bruteForce(live, query));
  }

  @Test
  void concurrentIngestAndSearchLoseAndDuplicateNothing() throws Exception {
    int writers = 4;
    int perWriter = 60;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        writes.add(pool.submit(() -> {
          Random random = new Random(100 + writer);
          start.await();
          for (int i = 0; i < perWriter; i++) {
            String id = "w%d-%03d".formatted(writer, i);
            index.upsert(TestVectors.randomTrack(random, id, BUNDLE, DIM, 1, TrackMetadata.EMPTY));
            if (index.get(id).isEmpty()) {
              problems.add("acknowledged " + id + " not visible");
            }
            if (i % 10 == 0) {
              // re-adding the same id must not create a second track
              index.upsert(TestVectors.randomTrack(random, id, BUNDLE, DIM, 2, TrackMetadata.EMPTY));
            }
          }
          return null;
        }));
      }
      List<Future<?>> reads = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        reads.add(pool.submit(() -> {
          Random random = new Random(200);
          start.await();
          while (writing.get()) {
            List<TrackHit> hits = index.search(new VectorQuery(BUNDLE, TestVectors.randomUnit(random, DIM), 20, TrackFilter.NONE, 1));
            Set<String> ids = new HashSet<>();
            for (TrackHit hit : hits) {
              if (!ids.add(hit.track().id())) {
                problems.add("duplicate hit " + hit.track().id());
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : writes) {
        f.get();
      }
      writing.set(false);
      for (Future<?> f : reads) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
    assertThat(index.count()).isEqualTo(writers * perWriter);
    List<String> listed = index.list(1000, null).tracks().stream().map(TrackInfo::id).toList();
    assertThat(listed).hasSize(writers * perWriter).doesNotHaveDuplicates();
  }

  @Test
  void rejectsQueriesAndDocumentsThatBreakTheInvariants() {
    assertThatThrownBy(() -> new VectorQuery(BUNDLE, new float[] {1, 1}, 5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VectorQuery(BUNDLE, new float[] {1, 0}, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TestVectors.track("bad id", BUNDLE, new float[] {1, 0}, TrackMetadata.EMPTY, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
