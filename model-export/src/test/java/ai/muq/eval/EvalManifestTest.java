package ai.muq.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalManifestTest {

  @TempDir Path dir;

  @Test
  void readsJsonl() throws IOException {
    Path m = dir.resolve("m.jsonl");
    Files.writeString(m, """
        {"path": "a/x.wav", "tags": ["rock", "guitar"], "captions": {"en": ["a loud rock song"]}, "split": "test", "labels": {"style": "rock", "tempo_bucket": 3, "families": ["strings"]}}

        {"path": "y.wav", "tags": [], "split": "validation", "labels": {}}
        """);
    List<EvalTrack> t = EvalManifest.read(m, null, 50);
    assertThat(t).hasSize(2);
    assertThat(t.get(0).audio()).isEqualTo(dir.toAbsolutePath().resolve("a/x.wav"));
    assertThat(t.get(0).tags()).containsExactly("rock", "guitar");
    assertThat(t.get(0).captions()).containsExactly("a loud rock song");
    assertThat(t.get(0).labels()).containsEntry("style", "rock").containsEntry("tempo_bucket", "3")
        .doesNotContainKey("families");
    assertThat(t.get(0).id()).isEqualTo("a/x.wav");
    assertThat(t.get(1).split()).isEqualTo(EvalTrack.VALID);
  }

  @Test
  void readsMagnaTagAtuneAnnotationsAsDistributed() throws IOException {
    Path m = dir.resolve("annotations_final.csv");
    Files.writeString(m, String.join("\n",
        "\"clip_id\"\t\"guitar\"\t\"rare\"\t\"piano\"\t\"mp3_path\"",
        "\"2\"\t\"1\"\t\"0\"\t\"0\"\t\"f/a-1.mp3\"",
        "\"6\"\t\"1\"\t\"1\"\t\"1\"\t\"0/b-2.mp3\"",
        "\"9\"\t\"0\"\t\"0\"\t\"1\"\t\"c/c-3.mp3\"",
        "\"10\"\t\"0\"\t\"0\"\t\"0\"\t\"\""));
    List<EvalTrack> t = EvalManifest.read(m, Path.of("/audio"), 2);
    assertThat(t).hasSize(3); // the row without audio is dropped
    assertThat(t.get(0).split()).isEqualTo(EvalTrack.TEST);
    assertThat(t.get(1).split()).isEqualTo(EvalTrack.TRAIN);
    assertThat(t.get(2).split()).isEqualTo(EvalTrack.VALID);
    assertThat(t.get(1).tags()).containsExactly("guitar", "piano"); // "rare" is not in the top 2
    assertThat(t.get(0).audio()).isEqualTo(Path.of("/audio/f/a-1.mp3"));
    assertThat(t.get(0).labels()).as("clip_id identifies, it does not classify").isEmpty();
  }

  @Test
  void readsCsvWithLabelsAndDefaultSplits() throws IOException {
    Path m = dir.resolve("m.csv");
    Files.writeString(m, "path,tags,caption,key\nx.wav,a;b,\"one, quoted\",C\ny.wav,,,D\nz.wav,,,C\nw.wav,,,D\nv.wav,,,C\n");
    List<EvalTrack> t = EvalManifest.read(m, null, 50);
    assertThat(t.get(0).tags()).containsExactly("a", "b");
    assertThat(t.get(0).captions()).containsExactly("one, quoted");
    assertThat(t.get(0).labels()).containsEntry("key", "C");
    // no split given anywhere: a deterministic hash split, the same on every read
    assertThat(t.get(0).split()).isIn(EvalTrack.TRAIN, EvalTrack.TEST);
    assertThat(EvalManifest.read(m, null, 50).get(0).split()).isEqualTo(t.get(0).split());
  }

  @Test
  void refusesAManifestWithoutPaths() throws IOException {
    Path m = dir.resolve("bad.jsonl");
    Files.writeString(m, "{\"tags\": []}\n");
    assertThatThrownBy(() -> EvalManifest.read(m, null, 50)).hasMessageContaining("bad.jsonl").hasMessageContaining("path");
  }
}
