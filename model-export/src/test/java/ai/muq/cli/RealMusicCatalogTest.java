package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.audio.WavWriter;
import ai.muq.data.Catalog;
import ai.muq.data.CatalogEntry;
import ai.muq.data.RealMusicPackages;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The real-music training catalog and the guard that keeps held-out packages out of training. */
class RealMusicCatalogTest {

  @TempDir Path dir;

  @Test
  void thePackagesAreExactlyTheIssuesAndEveryTrainingPackageIsDescribed() {
    assertThat(RealMusicPackages.withRole(RealMusicPackages.Role.TRAIN)).extracting(RealMusicPackages.Package::name)
        .containsExactlyInAnyOrder("drascula-music", "asc-music", "fb-music-high", "nexuiz-music",
            "planetblupi-music-ogg", "singularity-music", "warzone2100-music", "xblast-tnt-musics");
    assertThat(RealMusicPackages.withRole(RealMusicPackages.Role.HELD_OUT)).extracting(RealMusicPackages.Package::name)
        .containsExactlyInAnyOrder("ufoai-music", "hyperrogue-music");
    for (RealMusicPackages.Package p : RealMusicPackages.withRole(RealMusicPackages.Role.TRAIN)) {
      assertThat(p.caption()).as(p.name()).isNotBlank().endsWith(".");
      assertThat(p.tags()).as(p.name()).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
    }
  }

  @Test
  void writesEveryTrackWithItsPackagesTextVersionAndLicence() throws Exception {
    Path root = dir.resolve("real");
    Path music = Files.createDirectories(root.resolve("nexuiz-music/usr/share/games/nexuiz/data/sound/cdtracks"));
    WavWriter.write(music.resolve("track1.wav"), new float[24_000], 24_000);
    WavWriter.write(music.resolve("track2.wav"), new float[24_000], 24_000);
    Files.writeString(root.resolve("packages.tsv"),
        "package\trole\tversion\tlicence\ttracks\nnexuiz-music\ttrain\t2.5.2-12\tGPL-2+\t2\n");
    Path out = root.resolve("train.jsonl");
    int code = ModelExportCli.commandLine().execute(
        "real-music-catalog", "--root", root.toString(), "--out", out.toString(), "nexuiz-music");
    assertThat(code).isZero();
    List<CatalogEntry> entries = Catalog.read(out);
    assertThat(entries).hasSize(2);
    CatalogEntry e = entries.getFirst();
    assertThat(e.audio()).isEqualTo(music.resolve("track1.wav").toAbsolutePath());
    RealMusicPackages.Package nexuiz = RealMusicPackages.named("nexuiz-music").orElseThrow();
    assertThat(e.tags()).isEqualTo(nexuiz.tags());
    assertThat(e.captions()).isEqualTo(Map.of("en", List.of(nexuiz.caption())));
    assertThat(e.split()).isEqualTo("train");
    assertThat(e.labels()).containsEntry("package", "nexuiz-music").containsEntry("package_version", "2.5.2-12")
        .containsEntry("licence", "GPL-2+")
        .containsEntry("track", "usr/share/games/nexuiz/data/sound/cdtracks/track1.wav");
    assertThat(RealMusicPackages.heldOutPackageOf(e)).isEmpty();
  }

  @Test
  void aHeldOutPackageNeverEntersATrainingCatalog() throws Exception {
    Path root = dir.resolve("real");
    Files.createDirectories(root.resolve("ufoai-music"));
    String err = run("real-music-catalog", "--root", root.toString(), "--out", root.resolve("x.jsonl").toString(),
        "ufoai-music");
    assertThat(err).isEqualTo("error: held-out package ufoai-music must not enter a training catalog");
    assertThat(root.resolve("x.jsonl")).doesNotExist();
  }

  @Test
  void trainingRefusesHeldOutAudioByFolderOrLabel() throws Exception {
    Path heldOut = Files.createDirectories(dir.resolve("real/hyperrogue-music/usr/share/hyperrogue/music"));
    WavWriter.write(heldOut.resolve("a.wav"), new float[24_000], 24_000);
    String err = run("train-rvq", "--data", dir.resolve("real").toString(), "--split", "all",
        "--out", dir.resolve("rvq").toString(), "--steps", "1", "--batch-size", "1");
    assertThat(err).startsWith("error: held-out package hyperrogue-music must not be trained on: ")
        .doesNotContain("\n");
    // A manifest that names the package as its label is refused wherever its files lie.
    Path copy = Files.createDirectories(dir.resolve("elsewhere"));
    WavWriter.write(copy.resolve("b.wav"), new float[24_000], 24_000);
    Path manifest = copy.resolve("m.jsonl");
    Files.writeString(manifest, "{\"path\": \"b.wav\", \"labels\": {\"package\": \"ufoai-music\"}}\n");
    assertThat(run("train-rvq", "--data", manifest.toString(), "--out", dir.resolve("rvq2").toString(),
        "--steps", "1", "--batch-size", "1"))
        .startsWith("error: held-out package ufoai-music must not be trained on");
  }

  @Test
  void listsThePackagesOfARole() {
    CommandLine cl = ModelExportCli.commandLine();
    StringWriter out = new StringWriter();
    cl.setOut(new PrintWriter(out));
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(cl.execute("real-music-catalog", "--list", "held-out")).isZero();
    } finally {
      System.setOut(old);
    }
    assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList())
        .containsExactly("ufoai-music", "hyperrogue-music");
  }

  private static String run(String... args) {
    CommandLine cl = ModelExportCli.commandLine();
    StringWriter err = new StringWriter();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute(args)).isEqualTo(1);
    return err.toString().strip();
  }
}
