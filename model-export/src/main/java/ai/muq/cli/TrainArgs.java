package ai.muq.cli;

import ai.muq.data.Catalog;
import ai.muq.data.CatalogEntry;
import ai.muq.data.RealMusicPackages;
import ai.muq.train.CatalogBatches;
import ai.muq.train.MaskedPretraining;
import ai.muq.train.TrainOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options every training command takes, as immutable values; {@link Options} is the picocli mixin
 * that reads them from the command line.
 */
public record TrainArgs(
    List<Path> data, Path out, long steps, int batchSize, double seconds, float lr, long warmup, float weightDecay,
    float clipNorm, long checkpointEvery, long seed, boolean resume, Long until, int workers, String split,
    String captionLanguage) {

  public TrainArgs {
    data = List.copyOf(data);
  }

  /** The picocli mixin of the training options. */
  public static final class Options {

    @Option(names = "--data", required = true,
        description = "A folder of audio files, or a JSONL / CSV / MagnaTagATune manifest; repeat to combine catalogs.")
    List<Path> data;

    @Option(names = "--out", required = true, description = "Run directory: checkpoint/, metrics.jsonl, curve-*.png.")
    Path out;

    @Option(names = "--steps", defaultValue = "1000", description = "Optimiser steps (default ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch-size", defaultValue = "8", description = "Clips per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seconds", defaultValue = "4.8", description = "Crop length in seconds, rounded down to 400 ms (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "AdamW weight decay (default ${DEFAULT-VALUE}).")
    float weightDecay;

    @Option(names = "--clip-norm", defaultValue = "1.0", description = "Gradient norm clip, 0 for none (default ${DEFAULT-VALUE}).")
    float clipNorm;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of initialisation, data order and masking (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue from the run directory's checkpoint.")
    boolean resume;

    @Option(names = "--until", description = {
        "Stop after this step with a checkpoint (a stage of a long run; the schedule still spans --steps,",
        "and --resume with a later --until continues it). Default: --steps."})
    Long until;

    @Option(names = "--workers", defaultValue = "2", description = "Audio decoding threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--split", defaultValue = "train", description = "Manifest split to train on; 'all' for every entry (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--caption-language", defaultValue = "en", description = "Caption language for train-mulan (default ${DEFAULT-VALUE}).")
    String captionLanguage;

    TrainArgs values() {
      return new TrainArgs(data, out, steps, batchSize, seconds, lr, warmup, weightDecay, clipNorm, checkpointEvery, seed,
          resume, until, workers, split, captionLanguage);
    }
  }

  /**
   * The same options for one stage of a multi-stage run: its own run folder and steps (warm-up at
   * most the steps); the stage runs all its steps ({@code --until} is not carried over).
   */
  TrainArgs stage(Path stageOut, long stageSteps) {
    return new TrainArgs(data, stageOut, stageSteps, batchSize, seconds, lr, Math.min(warmup, stageSteps), weightDecay, clipNorm, checkpointEvery, seed, resume, null, workers, split,
        captionLanguage);
  }

  TrainOptions options() {
    if (until != null && (until < 1 || until > steps)) {
      throw new CliException("--until must be between 1 and --steps (" + steps + "), not " + until);
    }
    return new TrainOptions(out, steps, batchSize, lr, warmup, weightDecay, clipNorm, checkpointEvery, seed, resume,
        until == null ? steps : until);
  }

  int cropSamples() {
    // Whole 400 ms masking spans, which hold a whole number of 25 Hz tokens.
    int span = MaskedPretraining.SPAN_SAMPLES;
    int spans = (int) Math.floor(seconds * 24_000 / span);
    if (spans < 1) {
      throw new CliException("--seconds must be at least 0.4");
    }
    return spans * span;
  }

  List<CatalogEntry> entries() throws IOException {
    return entries(data, split);
  }

  /** The entries of some catalogs, of a split or {@code all}; never from a held-out package. */
  static List<CatalogEntry> entries(List<Path> sources, String split) throws IOException {
    List<CatalogEntry> all = new java.util.ArrayList<>();
    for (Path d : sources) {
      all.addAll(Catalog.read(d));
    }
    List<CatalogEntry> chosen = split.equals("all") ? all : all.stream().filter(e -> split.equals(e.split())).toList();
    if (chosen.isEmpty()) {
      throw new CliException("no clips of split '" + split + "' in " + sources);
    }
    try {
      RealMusicPackages.requireNoHeldOut(chosen);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    return chosen;
  }

  /**
   * Windows of {@code windowSeconds} from every track of the real-music catalogs (all splits), for
   * the audio-audio objective; seeded apart from the main data.
   */
  CatalogBatches windows(List<Path> sources, int windowBatch, double windowSeconds) throws IOException {
    int window = (int) Math.round(windowSeconds * 24_000);
    if (window < cropSamples()) {
      throw new CliException("--audio-contrastive-span must be at least --seconds");
    }
    return new CatalogBatches(entries(sources, "all"), windowBatch, window, workers, seed + 7_919, captionLanguage);
  }

  CatalogBatches batches(long seedOffset) throws IOException {
    return new CatalogBatches(entries(), batchSize, cropSamples(), workers, seed + seedOffset, captionLanguage);
  }
}
