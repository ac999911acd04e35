package ai.muq.cli;

import ai.muq.data.Catalog;
import ai.muq.data.CatalogEntry;
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
    float clipNorm, long checkpointEvery, long seed, boolean resume, int workers, String split, String captionLanguage) {

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

    @Option(names = "--workers", defaultValue = "2", description = "Audio decoding threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--split", defaultValue = "train", description = "Manifest split to train on; 'all' for every entry (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--caption-language", defaultValue = "en", description = "Caption language for train-mulan (default ${DEFAULT-VALUE}).")
    String captionLanguage;

    TrainArgs values() {
      return new TrainArgs(data, out, steps, batchSize, seconds, lr, warmup, weightDecay, clipNorm, checkpointEvery, seed, resume, workers, split, captionLanguage);
    }
  }

  /** The same options for one stage of a multi-stage run: its own run folder and steps (warm-up at most the steps). */
  TrainArgs stage(Path stageOut, long stageSteps) {
    return new TrainArgs(data, stageOut, stageSteps, batchSize, seconds, lr, Math.min(warmup, stageSteps), weightDecay, clipNorm, checkpointEvery, seed, resume, workers, split, captionLanguage);
  }

  TrainOptions options() {
    return new TrainOptions(out, steps, batchSize, lr, warmup, weightDecay, clipNorm, checkpointEvery, seed, resume);
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
    List<CatalogEntry> all = new java.util.ArrayList<>();
    for (Path d : data) {
      all.addAll(Catalog.read(d));
    }
    List<CatalogEntry> chosen = split.equals("all") ? all : all.stream().filter(e -> split.equals(e.split())).toList();
    if (chosen.isEmpty()) {
      throw new CliException("no clips of split '" + split + "' in " + data);
    }
    return chosen;
  }

  CatalogBatches batches(long seedOffset) throws IOException {
    return new CatalogBatches(entries(), batchSize, cropSamples(), workers, seed + seedOffset, captionLanguage);
  }
}
