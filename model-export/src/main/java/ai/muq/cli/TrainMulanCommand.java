package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamStore;
import ai.muq.model.mulan.MulanModel;
import ai.muq.train.CatalogBatches;
import ai.muq.train.MulanTraining;
import ai.muq.train.Runs;
import ai.muq.train.TextBackbone;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-mulan}: contrastive MuQ-MuLan training from a pre-trained MuQ. */
@Command(name = "train-mulan", mixinStandardHelpOptions = true,
    description = "Trains MuQ-MuLan contrastively: audio tower from a pretrain run, text head over a frozen packaged text encoder.")
public final class TrainMulanCommand implements Callable<Integer> {

  @Mixin TrainArgs.Options options;

  @Option(names = "--muq", required = true, description = "The pretrain run whose MuQ starts the audio tower.")
  Path muq;

  @Option(names = "--text-backbone", defaultValue = "bge-small-en-v1.5",
      description = "Frozen text encoder from its Maven jar: bge-small-en-v1.5 or bge-small-zh-v1.5 (default ${DEFAULT-VALUE}).")
  String textBackbone;

  @Option(names = "--freeze", defaultValue = "none", description = "none, or audio-muq to keep the pre-trained MuQ fixed (default ${DEFAULT-VALUE}).")
  String freeze;

  @Option(names = "--tag-text-prob", defaultValue = "0.5",
      description = "Chance that a clip with tags is paired with a tag prompt instead of a caption (default ${DEFAULT-VALUE}; 0 = captions only).")
  double tagTextProb;

  @Option(names = "--tag-template", defaultValue = "{tag} music",
      description = "Tag prompt; {tag} is replaced by the tag (default '${DEFAULT-VALUE}', the zero-shot tagging default).")
  String tagTemplate;

  @Override
  public Integer call() throws Exception {
    TrainArgs args = options.values();
    Engines.init();
    MulanTraining.Freeze f = switch (freeze) {
      case "none" -> MulanTraining.Freeze.NONE;
      case "audio-muq" -> MulanTraining.Freeze.AUDIO_MUQ;
      default -> throw new CliException("--freeze must be none or audio-muq, not '" + freeze + "'");
    };
    if (!(tagTextProb >= 0 && tagTextProb <= 1)) {
      throw new CliException("--tag-text-prob must be between 0 and 1, not " + tagTextProb);
    }
    if (!tagTemplate.contains(MulanTraining.TAG_PLACEHOLDER)) {
      throw new CliException("--tag-template must contain " + MulanTraining.TAG_PLACEHOLDER + ": '" + tagTemplate + "'");
    }
    TextBackbone.Packaged packaged = TextBackbone.Packaged.named(textBackbone);
    ModelConfig cfg = Runs.config(Runs.state(muq, "pretrain")).withTextBackboneDim(packaged.dim());
    MulanModel model = new MulanModel(cfg);
    try (NDManager m = NDManager.newBaseManager();
        CatalogBatches data = args.batches(0);
        TextBackbone text = new TextBackbone(packaged)) {
      ParamStore store = Runs.mulanStore(m, model, muq, args.seed());
      new MulanTraining(args.options(), m, store, model, text, f, tagTextProb, tagTemplate)
          .info("config", cfg.toMap())
          .info("muq_run", muq.toAbsolutePath().toString())
          .run(data, System.err);
    }
    System.err.println("train-mulan: checkpoint in " + args.options().checkpointDir());
    return 0;
  }
}
