package ai.muq.cli;

import ai.muq.data.GervillRenderer;
import ai.muq.data.SynthCorpus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sound.midi.Soundbank;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model-export synth}: renders the labelled synthetic music corpus. */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description =
        "Renders a labelled synthetic music corpus (24 kHz mono WAV + manifest.jsonl) offline "
            + "with a General MIDI SoundFont.")
public final class SynthCommand implements Callable<Integer> {

  @Option(names = "--out", required = true, description = "Output folder.")
  Path out;

  @Option(names = "--clips", required = true, description = "Number of clips.")
  int clips;

  @Option(names = "--seed", required = true, description = "Corpus seed: the same seed gives byte-identical output.")
  long seed;

  @Option(names = "--seconds", defaultValue = "10", description = "Clip length in seconds (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--soundfont",
      description = "SF2/DLS file (default: first of /usr/share/sounds/sf2/TimGM6mb.sf2, FluidR3_GM.sf2).")
  Path soundfont;

  @Option(
      names = "--split-ratios",
      defaultValue = "0.8,0.1,0.1",
      description = "train,valid,test ratios (default ${DEFAULT-VALUE}).")
  String splitRatios;

  @Option(names = "--threads", description = "Rendering threads (default: available processors).")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    double[] ratios = parseRatios(splitRatios);
    Path font =
        soundfont != null
            ? soundfont
            : GervillRenderer.findDefaultSoundfont()
                .orElseThrow(
                    () ->
                        new CliException(
                            "no SoundFont found: install timgm6mb-soundfont (apt-get) or pass --soundfont"));
    int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
    SynthCorpus.Options options = new SynthCorpus.Options(out, clips, seed, seconds, ratios, n);
    Soundbank bank = GervillRenderer.loadSoundbank(font);
    // Progress is a terminal display: stderr, so that stdout stays the one-line summary.
    SynthCorpus.Summary summary = new SynthCorpus(bank).render(options, System.err);
    System.out.printf(
        Locale.ROOT,
        "wrote %d clips to %s in %.1f s (%.2f clips/s, %d threads, %s)%n",
        summary.clips(), summary.manifest(), summary.seconds(), summary.clipsPerSecond(), n,
        font.getFileName());
    return 0;
  }

  static double[] parseRatios(String text) {
    String[] parts = text.split(",");
    if (parts.length != 3) {
      throw new CliException("--split-ratios needs three numbers train,valid,test: " + text);
    }
    try {
      return Arrays.stream(parts).mapToDouble(p -> Double.parseDouble(p.trim())).toArray();
    } catch (NumberFormatException e) {
      throw new CliException("--split-ratios needs three numbers train,valid,test: " + text);
    }
  }
}
