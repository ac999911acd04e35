package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.rvq.MelRvq;
import ai.muq.train.CatalogBatches;
import ai.muq.train.RvqTraining;
import ai.muq.train.Runs;
import ai.muq.train.TrainCheckpoint;
import ai.muq.train.TrainingRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-rvq}: the Mel-RVQ tokenizer (or an RVQ over a trained MuQ's layer). */
@Command(name = "train-rvq", mixinStandardHelpOptions = true,
    description = "Trains the Mel-RVQ on normalised log-mel (measuring the data's mel statistics first), or with --teacher on a MuQ layer.")
public final class TrainRvqCommand implements Callable<Integer> {

  @Mixin TrainArgs.Options options;

  @Option(names = "--teacher", description = "A pretrain run directory: quantise its MuQ's hidden layer instead of mel.")
  Path teacher;

  @Option(names = "--layer", defaultValue = "-1", description = "Teacher layer to quantise (hidden state index; default the middle layer).")
  int layer;

  @Option(names = "--stages", defaultValue = "8", description = "Residual stages (default ${DEFAULT-VALUE}).")
  int stages;

  @Option(names = "--codebook-size", defaultValue = "1024", description = "Codewords per stage (default ${DEFAULT-VALUE}).")
  int codebookSize;

  @Option(names = "--codebook-dim", defaultValue = "16", description = "Latent width per stage (default ${DEFAULT-VALUE}).")
  int codebookDim;

  @Option(names = "--stat-batches", defaultValue = "8", description = "Batches measured for the mel statistics (default ${DEFAULT-VALUE}).")
  int statBatches;

  @Override
  public Integer call() throws Exception {
    TrainArgs args = options.values();
    Engines.init();
    try (NDManager m = NDManager.newBaseManager(); CatalogBatches data = args.batches(0)) {
      run(args, m, data, teacher, layer, stages, codebookSize, codebookDim, statBatches);
    }
    return 0;
  }

  static void run(TrainArgs args, NDManager m, CatalogBatches data, Path teacher, int layer, int stages,
      int codebookSize, int codebookDim, int statBatches) throws Exception {
    if (teacher == null) {
      MelRvq rvq = new MelRvq("rvq.", 512, stages, codebookSize, codebookDim);
      ParamStore store = Runs.melRvqStore(m, rvq, args.seed());
      boolean resuming = args.resume() && java.nio.file.Files.exists(args.options().checkpointDir().resolve(TrainCheckpoint.STATE));
      if (!resuming) {
        try (CatalogBatches statData = args.batches(1_000)) {
          double[] st = RvqTraining.measureMelStats(m, store, RvqTraining.frontEnd(), statData, statBatches);
          System.err.printf("mel statistics over %d batches: mean %.4f dB, std %.4f dB%n", statBatches, st[0], st[1]);
        }
      }
      new RvqTraining(args.options(), m, store, rvq, RvqTraining.frontEnd(), null, 0).run(data, System.err);
    } else {
      TrainCheckpoint.State ts = Runs.state(teacher, "pretrain");
      ModelConfig cfg = Runs.config(ts);
      int l = layer >= 0 ? layer : cfg.muq().layers() / 2;
      if (l > cfg.muq().layers()) {
        throw new CliException("--layer " + l + " is beyond the teacher's " + cfg.muq().layers() + " layers");
      }
      MelRvq rvq = new MelRvq("rvq.", cfg.muq().dim(), stages, codebookSize, codebookDim);
      MuqModel t = new MuqModel(Runs.TEACHER_PREFIX, cfg.muq());
      List<ParamSpec> specs = new ArrayList<>(rvq.params());
      specs.addAll(t.encoderParams());
      ParamStore store = ParamStore.initialized(m, specs, args.seed());
      Runs.copyRenamed(teacher, store, MuqModel.RELEASED_PREFIX, Runs.TEACHER_PREFIX, List.of(MuqModel.RELEASED_PREFIX + "linear."));
      TrainingRun run = new RvqTraining(args.options(), m, store, rvq, null, t, l)
          .info("config", cfg.toMap())
          .info("teacher_run", teacher.toAbsolutePath().toString());
      run.run(data, System.err);
    }
    System.err.println("train-rvq: checkpoint in " + args.options().checkpointDir());
  }

}
