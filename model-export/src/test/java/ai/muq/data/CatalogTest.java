package ai.muq.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

  @TempDir Path dir;

  @Test
  void readsJsonlWithCaptionsCaptionAndLabels() throws IOException {
    Path manifest = dir.resolve("m.jsonl");
    Files.writeString(
        manifest,
        """
        {"path":"a/x.wav","tags":["rock","guitar"],"captions":{"en":["loud rock"],"zh":"摇滚"},"split":"valid","labels":{"tempo_bpm":120},"seed":5}

        {"path":"y.flac","caption":"a quiet piano"}
        """,
        StandardCharsets.UTF_8);

    List<CatalogEntry> entries = Catalog.read(manifest);

    assertThat(entries).hasSize(2);
    CatalogEntry a = entries.get(0);
    assertThat(a.audio()).isEqualTo(dir.resolve("a/x.wav").toAbsolutePath());
    assertThat(a.tags()).containsExactly("rock", "guitar");
    assertThat(a.captions()).isEqualTo(Map.of("en", List.of("loud rock"), "zh", List.of("摇滚")));
    assertThat(a.split()).isEqualTo("valid");
    assertThat(a.labels()).containsEntry("tempo_bpm", 120).containsEntry("seed", 5);
    CatalogEntry b = entries.get(1);
    assertThat(b.tags()).isEmpty();
    assertThat(b.captions()).isEqualTo(Map.of("en", List.of("a quiet piano")));
    assertThat(b.split()).isEqualTo("train");
  }

  @Test
  void jsonlErrorsNameTheLine() throws IOException {
    Path manifest = dir.resolve("bad.jsonl");
    Files.writeString(manifest, "{\"path\":\"a.wav\"}\n{\"tags\":[\"x\"]}\n");
    assertThatThrownBy(() -> Catalog.read(manifest))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad.jsonl:2")
        .hasMessageContaining("path");
    Files.writeString(manifest, "{\"path\":\"a.wav\",\"split\":\"holdout\"}\n");
    assertThatThrownBy(() -> Catalog.read(manifest)).hasMessageContaining("split");
  }

  @Test
  void readsCsvWithBothTagSeparatorsAndQuotedCaptions() throws IOException {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(
        manifest,
        """
        path,tags,caption,caption_zh,split,artist
        clips/1.wav,rock;guitar; fast,"Loud, fast rock",快速摇滚,test,Foo
        clips/2.mp3,jazz|sax,,,,
        """,
        StandardCharsets.UTF_8);

    List<CatalogEntry> entries = Catalog.read(manifest);

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).tags()).containsExactly("rock", "guitar", "fast");
    assertThat(entries.get(0).captions())
        .isEqualTo(Map.of("en", List.of("Loud, fast rock"), "zh", List.of("快速摇滚")));
    assertThat(entries.get(0).split()).isEqualTo("test");
    assertThat(entries.get(0).labels()).isEqualTo(Map.of("artist", "Foo"));
    assertThat(entries.get(1).tags()).containsExactly("jazz", "sax");
    assertThat(entries.get(1).captions()).isEmpty();
    assertThat(entries.get(1).audio()).isEqualTo(dir.resolve("clips/2.mp3").toAbsolutePath());
  }

  @Test
  void csvWithoutPathColumnIsRejected() throws IOException {
    Path manifest = dir.resolve("m.csv");
    Files.writeString(manifest, "file,tags\na.wav,rock\n");
    assertThatThrownBy(() -> Catalog.read(manifest)).hasMessageContaining("\"path\" column");
  }

  @Test
  void readsMagnaTagATuneAnnotationsAsDistributed() throws IOException {
    // The real layout: quoted, tab-separated, clip_id, 188 tag columns of 0/1, mp3_path last.
    List<String> tagNames = new ArrayList<>(List.of("no voice", "singer", "duet", "plucking", "hard rock"));
    while (tagNames.size() < 188) {
      tagNames.add("tag " + tagNames.size());
    }
    tagNames.set(187, "jazz");
    StringBuilder csv = new StringBuilder("\"clip_id\"");
    tagNames.forEach(t -> csv.append("\t\"").append(t).append('"'));
    csv.append("\t\"mp3_path\"\n");
    csv.append(row(2, tagNames.size(), List.of(1, 4), "f/american_bach_soloists-j_s__bach-01-30-59.mp3"));
    csv.append(row(6, tagNames.size(), List.of(187), "0/chris_harvey-the_white_sail-01-0-29.mp3"));
    csv.append(row(10, tagNames.size(), List.of(), "c/some_artist-some_track-05-88-117.mp3"));
    csv.append(row(11, tagNames.size(), List.of(2), ""));
    Path file = dir.resolve("annotations_final.csv");
    Files.writeString(file, csv, StandardCharsets.UTF_8);

    List<CatalogEntry> entries = Catalog.read(file);

    assertThat(entries).hasSize(3);
    assertThat(entries.get(0).tags()).containsExactly("singer", "hard rock");
    assertThat(entries.get(0).audio())
        .isEqualTo(dir.resolve("f/american_bach_soloists-j_s__bach-01-30-59.mp3").toAbsolutePath());
    assertThat(entries.get(0).split()).isEqualTo("test");
    assertThat(entries.get(0).labels()).containsEntry("clip_id", "2");
    assertThat(entries.get(1).tags()).containsExactly("jazz");
    assertThat(entries.get(1).split()).isEqualTo("train");
    assertThat(entries.get(2).tags()).isEmpty();
    assertThat(entries.get(2).split()).isEqualTo("valid");
  }

  private static String row(int clipId, int tags, List<Integer> on, String mp3) {
    StringBuilder r = new StringBuilder("\"" + clipId + "\"");
    for (int i = 0; i < tags; i++) {
      r.append("\t\"").append(on.contains(i) ? 1 : 0).append('"');
    }
    return r.append("\t\"").append(mp3).append("\"\n").toString();
  }

  @Test
  void readsAudioFilesOfAFolderRecursively() throws IOException {
    for (String f : List.of("b/2.FLAC", "a/1.wav", "c.mp3", "d.ogg", "e.aiff", "notes.txt", "x.wav.bak")) {
      Path p = dir.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, "x");
    }
    List<CatalogEntry> entries = Catalog.read(dir);
    assertThat(entries)
        .extracting(e -> dir.relativize(e.audio()).toString())
        .containsExactly("a/1.wav", "b/2.FLAC", "c.mp3", "d.ogg", "e.aiff");
    assertThat(entries).allSatisfy(e -> assertThat(e.split()).isEqualTo("train"));
  }
}
