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

  @Mixin TrainArgs.Options options;

  @Option(names = "--muq", required = true, description = "The pretrain run whose MuQ is the teacher.")
  Path muq;

  @Option(names = "--layer", defaultValue = "-1", description = "Teacher layer to quantise (default the middle layer).")
  int layer;

  @Option(names = "--rvq-steps", defaultValue = "500", description = "Steps of the RVQ stage (default ${DEFAULT-VALUE}).")
  long rvqSteps;

  @Override
  public Integer call() throws Exception {
    TrainArgs args = options.values();
    Engines.init();
    ModelConfig cfg = Runs.config(Runs.state(muq, "pretrain"));
    Path out = args.out();
    TrainArgs rvqArgs = args.stage(out.resolve("rvq"), rvqSteps);
    try (NDManager m = NDManager.newBaseManager(); CatalogBatches data = rvqArgs.batches(0)) {
      TrainRvqCommand.run(rvqArgs, m, data, muq, layer, 8, 1024, 16, 0);
    }
    TrainArgs muqArgs = args.stage(out.resolve("muq"), args.steps());
    try (NDManager m = NDManager.newBaseManager(); CatalogBatches data = muqArgs.batches(0)) {
      PretrainCommand.run(muqArgs, m, data, out.resolve("rvq"), cfg);
    }
    return 0;
  }
}
