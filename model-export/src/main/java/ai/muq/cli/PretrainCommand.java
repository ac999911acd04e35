package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamStore;
import ai.muq.model.muq.MuqModel;
import ai.muq.train.CatalogBatches;
import ai.muq.train.MaskedPretraining;
import ai.muq.train.Runs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pretrain}: MuQ masked token prediction on the codes of a trained RVQ. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
    description = "Pre-trains MuQ to predict the RVQ codes of masked 400 ms spans.")
public final class PretrainCommand implements Callable<Integer> {

  @Mixin TrainArgs.Options options;

  @Option(names = "--rvq", required = true, description = "A train-rvq run directory (its codes are the targets).")
  Path rvq;

  @Option(names = "--config", defaultValue = "small", description = "Model configuration: tiny, small, base, large (default ${DEFAULT-VALUE}).")
  String config;

  @Override
  public Integer call() throws Exception {
    TrainArgs args = options.values();
    Engines.init();
    try (NDManager m = NDManager.newBaseManager(); CatalogBatches data = args.batches(0)) {
      run(args, m, data, rvq, ModelConfig.named(config));
    }
    return 0;
  }

  static void run(TrainArgs args, NDManager m, CatalogBatches data, Path rvqRun, ModelConfig cfg) throws Exception {
    MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg.muq());
    ParamStore store = Runs.pretrainStore(m, model, rvqRun, args.seed());
    int stages = Runs.rvq(Runs.state(rvqRun, "train-rvq")).stages();
    if (cfg.muq().numCodebooks() > stages) {
      throw new CliException("the model predicts " + cfg.muq().numCodebooks() + " codebooks but the RVQ has " + stages + " stages");
    }
    new MaskedPretraining(args.options(), m, store, model, Runs.tokenizer(args.options(), m, store, rvqRun))
        .info("config", cfg.toMap())
        .info("rvq_run", rvqRun.toAbsolutePath().toString())
        .run(data, System.err);
    System.err.println("pretrain: checkpoint in " + args.options().checkpointDir());
  }
}
