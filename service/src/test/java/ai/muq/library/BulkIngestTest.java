package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.cli.BulkIngest;
import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class BulkIngestTest {

  @TempDir Path dir;
  LuceneTrackIndex index;
  BulkIngest ingest;

  @BeforeEach
  void open() {
    index = new LuceneTrackIndex(dir.resolve("data/index"), LuceneIndexSettings.DEFAULT);
    TrackLibrary library = new TrackLibrary(index, new SpectralTestEmbedder("b1"), new AudioLoaderDecoder(10_000_000, 60),
        new AudioStore(dir.resolve("data/audio")), Clock.systemUTC());
    ingest = new BulkIngest(library, dir.resolve("data"), JsonMapper.builder().build());
  }

  @AfterEach
  void close() {
    index.close();
  }

  @Test
  void ingestsAFolderConcurrentlyReportsBadFilesAndResumes() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog/sub"));
    for (int i = 0; i < 4; i++) {
      Files.write(catalog.resolve("tone" + i + ".wav"), TestAudio.sineWav(1, 24_000, 1, 200 + 150 * i));
    }
    Files.writeString(catalog.resolve("broken.wav"), "this is not audio");
    Files.writeString(catalog.resolve("notes.txt"), "ignored: not an audio extension");
    Path root = dir.resolve("catalog");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    BulkIngest.Report first = ingest.run(root, ingest.itemsOf(root), 3, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(first.total()).isEqualTo(5);
    assertThat(first.added()).isEqualTo(4);
    assertThat(first.failures()).singleElement().satisfies(f -> {
      assertThat(f.key()).isEqualTo("sub/broken.wav");
      assertThat(f.reason()).contains("UnreadableAudioException");
    });
    assertThat(index.count()).isEqualTo(4);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("5/5", "added=4", "failed=1", "[####");
    assertThat(index.list(10, null).tracks()).extracting(t -> t.metadata().title()).containsExactlyInAnyOrder("tone0", "tone1", "tone2", "tone3");

    // New files appear, the run is started again: finished files are skipped, the broken one retried.
    Files.write(catalog.resolve("tone9.wav"), TestAudio.sineWav(1, 24_000, 1, 3000));
    BulkIngest.Report second = ingest.run(root, ingest.itemsOf(root), 2, new PrintStream(new ByteArrayOutputStream()));
    assertThat(second.skippedAsDone()).isEqualTo(4);
    assertThat(second.added()).isEqualTo(1);
    assertThat(second.failures()).hasSize(1);
    assertThat(index.count()).isEqualTo(5);
  }

  @Test
  void ingestsAManifestWithIdsAndMetadata() throws Exception {
    Path audio = Files.createDirectories(dir.resolve("m/audio"));
    Files.write(audio.resolve("a.wav"), TestAudio.sineWav(1, 24_000, 1, 440));
    Files.write(audio.resolve("b.wav"), TestAudio.sineWav(1, 24_000, 1, 880));
    Path manifest = dir.resolve("m/catalog.jsonl");
    Files.writeString(manifest, """
        {"path": "audio/a.wav", "id": "song-a", "title": "A", "artist": "Ana", "tags": ["calm"], "attributes": {"bpm": 90}}

        {"path": "audio/b.wav", "id": "song-b"}
        {"path": "audio/missing.wav", "id": "song-c"}
        """);
    List<BulkIngest.Item> items = ingest.itemsOf(manifest);
    assertThat(items).hasSize(3);
    BulkIngest.Report report = ingest.run(manifest, items, 2, new PrintStream(new ByteArrayOutputStream()));
    assertThat(report.added()).isEqualTo(2);
    assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.key()).contains("missing.wav"));
    TrackInfo a = index.get("song-a").orElseThrow();
    assertThat(a.metadata()).isEqualTo(new TrackMetadata("A", "Ana", List.of("calm"), java.util.Map.of("bpm", "90")));
    assertThat(index.get("song-b")).isPresent();
  }
}
