package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a separate JVM in the middle of ingesting and checks that every track it had
 * acknowledged is in the index after reopening.
 */
@Tag("slow")
class LuceneCrashDurabilityTest {

  @TempDir Path dir;

  @Test
  void everyAcknowledgedTrackSurvivesKillDashNine() throws Exception {
    Path indexDir = dir.resolve("index");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), CrashIngestMain.class.getName(), indexDir.toString(), "100000")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    List<String> acked = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        }
        if (acked.size() == 40) {
          // SIGKILL (no shutdown hooks, no IndexWriter.close); via the handle, which keeps our end of the pipe open
          child.toHandle().destroyForcibly();
          break;
        }
      }
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      // Acknowledgements printed before the kill landed are still in the pipe: they count too.
      while ((line = out.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          acked.add(line.substring(4));
        }
        assertThat(line).isNotEqualTo("DONE");
      }
    } finally {
      child.destroyForcibly();
    }
    assertThat(child.exitValue()).isNotZero();
    assertThat(acked).hasSizeGreaterThanOrEqualTo(40);

    try (LuceneTrackIndex index = new LuceneTrackIndex(indexDir, LuceneIndexSettings.DEFAULT)) {
      for (int i = 0; i < acked.size(); i++) {
        TrackDocument expected = CrashIngestMain.trackNumber(i);
        assertThat(acked.get(i)).isEqualTo(expected.id());
        TrackDocument found = index.getDocument(expected.id()).orElseThrow(() -> new AssertionError("lost " + expected.id()));
        assertThat(found.embedding()).containsExactly(expected.embedding());
        assertThat(found.segments()).hasSize(2);
      }
      // No partial tracks: whatever else made it in is complete.
      assertThat(index.count()).isBetween((long) acked.size(), (long) acked.size() + 1);
      List<TrackHit> hits = index.search(new VectorQuery("crash-bundle", CrashIngestMain.trackNumber(5).embedding(), 1));
      assertThat(hits.getFirst().track().id()).isEqualTo("c-000005");
    }
  }
}
