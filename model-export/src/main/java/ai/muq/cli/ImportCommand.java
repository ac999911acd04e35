package ai.muq.cli;

import ai.muq.bundle.BundleManifest;
import ai.muq.hub.DownloadProgress;
import ai.muq.hub.HubClient;
import ai.muq.hub.HubRef;
import ai.muq.hub.HubSettings;
import ai.muq.hub.ReleaseDownload;
import ai.muq.importer.ReleaseImporter;
import ai.muq.onnx.StftFrontEnd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code import}: converts a downloaded MuQ-large-msd-iter or MuQ-MuLan-large release into a
 * service bundle. The options are a contract scripts rely on.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Converts a released checkpoint (MuQ-large-msd-iter or MuQ-MuLan-large), a directory or a hub model"
          + " (hf:OWNER/NAME[@REVISION]), into a model bundle (ONNX graphs + bundle.json). The kind is"
          + " detected from config.json."
    })
public final class ImportCommand implements Callable<Integer> {

  @Option(names = "--from", required = true, paramLabel = "DIR|hf:OWNER/NAME[@REVISION]",
      description = "Release directory (config.json plus model.safetensors or pytorch_model.bin), or a hub"
          + " model such as hf:OpenMuQ/MuQ-MuLan-large: resolved, downloaded into the HuggingFace cache"
          + " (HF_ENDPOINT, HF_TOKEN, HF_HOME/HF_HUB_CACHE, HF_HUB_OFFLINE), verified, then converted.")
  String from;

  @Option(names = "--out", required = true, paramLabel = "BUNDLE", description = "Bundle directory to write.")
  Path out;

  @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|fp16|int8",
      description = "fp32; fp16 (weights stored fp16, computed fp32); int8 (static QDQ int8 audio graphs) (default ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = "--calibration", paramLabel = "DIR",
      description = "int8: a folder of audio whose activation ranges set the scales (default: built-in rendered clips).")
  Path calibration;

  @picocli.CommandLine.Mixin
  FrontEndOptions frontEndOptions = new FrontEndOptions();

  @Option(names = "--audio-config", paramLabel = "FILE",
      description = "MuQ-MuLan: the audio model's (MuQ) config.json; default: built-in copy for the name in config.json.")
  Path audioConfig;

  @Option(names = "--text-config", paramLabel = "FILE",
      description = "MuQ-MuLan: the text model's (XLM-RoBERTa) config.json; default: built-in copy for the name in config.json.")
  Path textConfig;

  @Option(names = "--tokenizer", paramLabel = "FILE",
      description = "MuQ-MuLan: a HuggingFace tokenizer.json (xlm-roberta-base's); default: DIR/tokenizer.json.")
  Path tokenizer;

  @Mixin LicenseOptions licence = new LicenseOptions();

  @Override
  public Integer call() throws Exception {
    ReleaseImporter.Precision weights = ReleaseImporter.Precision.parse(precision);
    StftFrontEnd frontEnd = frontEndOptions.frontEnd();
    ReleaseImporter.Request request;
    if (HubRef.isHubRef(from)) {
      HubRef ref;
      try {
        ref = HubRef.parse(from);
      } catch (IllegalArgumentException e) {
        throw new CliException("--from: " + e.getMessage());
      }
      if (audioConfig != null || textConfig != null || tokenizer != null) {
        throw new CliException(
            "--audio-config, --text-config and --tokenizer apply to --from DIR; with --from hf: the"
                + " sub-models come from the hub as config.json names them");
      }
      HubClient hub = new HubClient(
          HubSettings.fromEnvironment(), DownloadProgress.bar(System.err), System.out::println);
      ReleaseDownload.Release release = new ReleaseDownload(hub, System.out::println).fetch(ref);
      request = new ReleaseImporter.Request(
          release.dir(), out, weights, release.audioConfig(), release.textConfig(), release.tokenizer(),
          licence.license, licence.licenseNotes, frontEnd, calibration,
          new BundleManifest.Source(release.repo(), release.commit()));
    } else {
      Path dir = Path.of(from);
      if (!Files.isDirectory(dir)) {
        throw new CliException("--from " + from + " is not a directory (nor hf:OWNER/NAME[@REVISION])");
      }
      request = new ReleaseImporter.Request(dir, out, weights, audioConfig, textConfig, tokenizer,
          licence.license, licence.licenseNotes, frontEnd, calibration, null);
    }
    Engines.init();
    new ReleaseImporter(System.out).run(request);
    return 0;
  }
}
