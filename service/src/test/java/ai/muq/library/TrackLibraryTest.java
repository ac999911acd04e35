package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackLibraryTest {

  @TempDir Path dir;
  LuceneTrackIndex index;
  SpectralTestEmbedder embedder = new SpectralTestEmbedder("spectral-v1");
  AudioDecoder decoder = new AudioLoaderDecoder(50_000_000, 600);
  TrackLibrary library;

  @BeforeEach
  void open() {
    index = new LuceneTrackIndex(dir.resolve("index"), LuceneIndexSettings.DEFAULT);
    library = new TrackLibrary(index, embedder, decoder, new AudioStore(dir.resolve("audio")), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    index.close();
  }

  private static TrackMetadata meta(String title, String... tags) {
    return new TrackMetadata(title, "ana", List.of(tags), Map.of());
  }

  @Test
  void addIsIdempotentByIdAndContent() {
    byte[] a440 = TestAudio.sineWav(3, 24_000, 1, 440);
    TrackLibrary.AddResult first = library.add(a440, "a.wav", "song", meta("A"));
    assertThat(first.outcome()).isEqualTo(TrackLibrary.Outcome.CREATED);
    assertThat(first.track().durationSeconds()).isCloseTo(3.0, within(1e-3));
    assertThat(first.track().bundleId()).isEqualTo("spectral-v1");
    assertThat(embedder.trackCalls.get()).isEqualTo(1);

    assertThat(library.add(a440, "a.wav", "song", meta("A")).outcome()).isEqualTo(TrackLibrary.Outcome.UNCHANGED);
    assertThat(library.add(a440, "a.wav", "song", null).outcome()).isEqualTo(TrackLibrary.Outcome.UNCHANGED);
    TrackLibrary.AddResult renamed = library.add(a440, "a.wav", "song", meta("B"));
    assertThat(renamed.outcome()).isEqualTo(TrackLibrary.Outcome.METADATA_UPDATED);
    assertThat(embedder.trackCalls.get()).isEqualTo(1);

    TrackLibrary.AddResult replaced = library.add(TestAudio.sineWav(3, 24_000, 1, 1000), "b.wav", "song", null);
    assertThat(replaced.outcome()).isEqualTo(TrackLibrary.Outcome.REPLACED);
    assertThat(replaced.track().metadata().title()).isEqualTo("B");
    assertThat(replaced.track().addedAt()).isEqualTo(first.track().addedAt());
    assertThat(index.count()).isEqualTo(1);

    TrackLibrary.AddResult anonymous = library.add(a440, "a.wav", null, null);
    assertThat(anonymous.track().id()).isEqualTo(TrackIds.fromContent(first.track().contentSha256()));
    assertThat(library.add(a440, "a.wav", null, null).outcome()).isEqualTo(TrackLibrary.Outcome.UNCHANGED);
  }

  @Test
  void findsTracksByTextAudioAndSimilarity() {
    double[] tones = {220, 440, 880, 1760, 3520};
    for (double hz : tones) {
      library.add(TestAudio.sineWav(25, 24_000, 1, hz), hz + ".wav", "tone-" + (int) hz, meta("tone " + hz, hz < 1000 ? "low" : "high"));
    }
    assertThat(library.searchText("a pure tone at 880 Hz", 3, null, 0).getFirst().track().id()).isEqualTo("tone-880");
    List<TrackHit> high = library.searchText("440 hz", 5, new TrackFilter(List.of("high"), null, null, null, null), 0);
    assertThat(high).extracting(h -> h.track().id()).containsOnly("tone-1760", "tone-3520");

    List<TrackHit> clip = library.searchAudio(decoder.decode(TestAudio.sineWav(4, 48_000, 2, 1760), "clip.wav"), 2, null, 2);
    assertThat(clip.getFirst().track().id()).isEqualTo("tone-1760");
    assertThat(clip.getFirst().score()).isGreaterThan(0.8f).isGreaterThan(clip.get(1).score());
    // 25 s track: segments 0-10, 10-20, 20-25
    assertThat(clip.getFirst().segments()).hasSize(2).allSatisfy(s -> assertThat(s.endSeconds() - s.startSeconds()).isEqualTo(10.0));

    List<TrackHit> similar = library.searchSimilar("tone-440", 10, null, 0);
    assertThat(similar).hasSize(4).noneMatch(h -> h.track().id().equals("tone-440"));
    assertThatThrownBy(() -> library.searchSimilar("nope", 3, null, 0)).isInstanceOf(TrackNotFoundException.class);
    assertThatThrownBy(() -> library.searchText(" ", 3, null, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reindexReembedsEveryTrackForANewBundleFromStoredAudio() {
    for (double hz : new double[] {300, 600, 1200}) {
      library.add(TestAudio.sineWav(2, 24_000, 1, hz), "t.wav", "t" + (int) hz, meta("t"));
    }
    SpectralTestEmbedder next = new SpectralTestEmbedder("spectral-v2");
    TrackLibrary upgraded = new TrackLibrary(index, next, decoder, new AudioStore(dir.resolve("audio")), Clock.systemUTC());
    assertThat(upgraded.searchText("600 hz", 3, null, 0)).isEmpty();
    assertThatThrownBy(() -> upgraded.searchSimilar("t600", 3, null, 0)).isInstanceOf(TrackNotIndexedException.class);

    List<String> progress = new ArrayList<>();
    TrackLibrary.ReindexReport report = upgraded.reindex(progress::add);
    assertThat(report.reindexed()).isEqualTo(3);
    assertThat(report.failures()).isEmpty();
    assertThat(progress).hasSize(3);
    assertThat(next.trackCalls.get()).isEqualTo(3);
    assertThat(upgraded.searchText("600 hz", 3, null, 0).getFirst().track().id()).isEqualTo("t600");
    assertThat(upgraded.get("t600").bundleId()).isEqualTo("spectral-v2");
    assertThat(upgraded.reindex(progress::add).reindexed()).isZero();
  }

  @Test
  void unreadableAudioIsRejectedAndNothingIsStored() {
    assertThatThrownBy(() -> library.add("junk".getBytes(), "x.wav", "x", null)).isInstanceOf(UnreadableAudioException.class);
    assertThat(index.count()).isZero();
    assertThatThrownBy(() -> library.get("x")).isInstanceOf(TrackNotFoundException.class);
    assertThatThrownBy(() -> library.add(TestAudio.sineWav(1, 24_000, 1, 440), "x.wav", "bad id", null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
