package ai.muq.cli;

import ai.djl.ndarray.NDManager;
import ai.muq.model.ModelConfig;
import ai.muq.model.ParamStore;
import ai.muq.model.mulan.MulanModel;
import ai.muq.train.BatchSource;
import ai.muq.train.MulanTraining;
import ai.muq.train.Runs;
import ai.muq.train.TextBackbone;
import ai.muq.train.WindowedBatches;
import java.nio.file.Path;
import java.util.List;
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

  @Option(names = "--real-music", description = {
      "Real-music catalog(s) for the audio-audio contrastive objective (repeatable): two crops of the same track",
      "are positives, the other tracks of the batch negatives. Held-out packages are refused."})
  List<Path> realMusic = List.of();

  @Option(names = "--audio-contrastive-weight", defaultValue = "1.0",
      description = "Weight of the audio-audio InfoNCE loss beside the music-text loss (default ${DEFAULT-VALUE}; needs --real-music).")
  double audioWeight;

  @Option(names = "--audio-contrastive-temperature", defaultValue = "0.1",
      description = "Temperature of the audio-audio InfoNCE loss (default ${DEFAULT-VALUE}).")
  double audioTemperature;

  @Option(names = "--audio-contrastive-span", defaultValue = "30",
      description = "Seconds between the start of a track's first crop and the end of its second (default ${DEFAULT-VALUE}).")
  double audioSpan;

  @Option(names = "--real-batch-size", description = "Real tracks per step for the audio-audio loss (default: --batch-size).")
  Integer realBatchSize;

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
    if (!realMusic.isEmpty() && !(audioWeight > 0)) {
      throw new CliException("--audio-contrastive-weight must be positive with --real-music, not " + audioWeight);
    }
    if (!(audioTemperature > 0)) {
      throw new CliException("--audio-contrastive-temperature must be positive, not " + audioTemperature);
    }
    TextBackbone.Packaged packaged = TextBackbone.Packaged.named(textBackbone);
    ModelConfig cfg = Runs.config(Runs.state(muq, "pretrain")).withTextBackboneDim(packaged.dim());
    MulanModel model = new MulanModel(cfg);
    BatchSource source = args.batches(0);
    if (!realMusic.isEmpty()) {
      source = new WindowedBatches(source,
          args.windows(realMusic, realBatchSize == null ? args.batchSize() : realBatchSize, audioSpan));
    }
    try (NDManager m = NDManager.newBaseManager();
        BatchSource data = source;
        TextBackbone text = new TextBackbone(packaged)) {
      ParamStore store = Runs.mulanStore(m, model, muq, args.seed());
      new MulanTraining(args.options(), m, store, model, text, f, tagTextProb, tagTemplate)
          .audioContrastive(realMusic.isEmpty() ? MulanTraining.AudioContrastive.NONE
              : new MulanTraining.AudioContrastive(audioWeight, audioTemperature))
          .info("config", cfg.toMap())
          .info("real_music", realMusic.stream().map(p -> p.toAbsolutePath().toString()).toList())
          .info("muq_run", muq.toAbsolutePath().toString())
          .run(data, System.err);
    }
    System.err.println("train-mulan: checkpoint in " + args.options().checkpointDir());
    return 0;
  }
}
