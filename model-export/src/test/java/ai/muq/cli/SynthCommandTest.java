package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.data.SoundfontAvailable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SynthCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int exit = ModelExportCli.commandLine().execute(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void rendersACorpusAndReportsTheRate() throws Exception {
    SoundfontAvailable.file();
    Run r = run("synth", "--out", dir.toString(), "--clips", "2", "--seed", "3", "--seconds", "1");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote 2 clips").contains("clips/s");
    assertThat(Files.readAllLines(dir.resolve("manifest.jsonl"))).hasSize(2);
    assertThat(dir.resolve("audio/000001.wav")).isRegularFile();
  }

  @Test
  void badArgumentsFailWithOneReadableLine() {
    Run ratios =
        run("synth", "--out", dir.toString(), "--clips", "2", "--seed", "1", "--split-ratios", "0.8,0.2");
    assertThat(ratios.exit()).isNotZero();
    assertThat(ratios.err().strip()).startsWith("error: --split-ratios").doesNotContain("\n");

    Run font =
        run("synth", "--out", dir.toString(), "--clips", "2", "--seed", "1",
            "--soundfont", dir.resolve("none.sf2").toString());
    assertThat(font.exit()).isNotZero();
    assertThat(font.err().strip()).startsWith("error: ").contains("none.sf2").doesNotContain("\n");

    Run clips = run("synth", "--out", dir.toString(), "--clips", "0", "--seed", "1");
    assertThat(clips.exit()).isNotZero();
    assertThat(clips.err().strip()).isEqualTo("error: clips must be >= 1: 0");

    Run noSeed = run("synth", "--out", dir.toString(), "--clips", "2");
    assertThat(noSeed.exit()).isNotZero();
    assertThat(noSeed.err()).contains("--seed");
  }
}
