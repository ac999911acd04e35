package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.model.ModelConfig;
import ai.muq.train.CatalogBatches;
import ai.muq.train.Runs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code iterate}: MuQ_iter, an RVQ on a trained MuQ's layer, then a new MuQ on those codes. */
@Command(name = "iterate", mixinStandardHelpOptions = true,
    description = "Iterative training: trains an RVQ on a layer of a trained MuQ (OUT/rvq), then a new MuQ on its codes (OUT/muq).")
public final class IterateCommand implements Callable<Integer> {

  @Mixin TrainArgs args;

  @Option(names = "--muq", required = true, description = "The pretrain run whose MuQ is the teacher.")
  Path muq;

  @Option(names = "--layer", defaultValue = "-1", description = "Teacher layer to quantise (default the middle layer).")
  int layer;

  @Option(names = "--rvq-steps", defaultValue = "500", description = "Steps of the RVQ stage (default ${DEFAULT-VALUE}).")
  long rvqSteps;

  @Override
  public Integer call() throws Exception {
    Engines.init();
    ModelConfig cfg = Runs.config(Runs.state(muq, "pretrain"));
    Path out = args.out;
    TrainArgs rvqArgs = copy(args, out.resolve("rvq"), rvqSteps);
    try (NDManager m = NDManager.newBaseManager(); CatalogBatches data = rvqArgs.batches(0)) {
      TrainRvqCommand.run(rvqArgs, m, data, muq, layer, 8, 1024, 16, 0);
    }
    TrainArgs muqArgs = copy(args, out.resolve("muq"), args.steps);
    try (NDManager m = NDManager.newBaseManager(); CatalogBatches data = muqArgs.batches(0)) {
      PretrainCommand.run(muqArgs, m, data, out.resolve("rvq"), cfg);
    }
    return 0;
  }

  private static TrainArgs copy(TrainArgs a, Path out, long steps) {
    TrainArgs c = new TrainArgs();
    c.data = a.data;
    c.out = out;
    c.steps = steps;
    c.batchSize = a.batchSize;
    c.seconds = a.seconds;
    c.lr = a.lr;
    c.warmup = Math.min(a.warmup, steps);
    c.weightDecay = a.weightDecay;
    c.clipNorm = a.clipNorm;
    c.checkpointEvery = a.checkpointEvery;
    c.seed = a.seed;
    c.resume = a.resume;
    c.workers = a.workers;
    c.split = a.split;
    c.captionLanguage = a.captionLanguage;
    return c;
  }
}
