package ai.muq.cli;

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
      "Converts a released checkpoint directory (MuQ-large-msd-iter or MuQ-MuLan-large, downloaded by you)"
          + " into a model bundle (ONNX graphs + bundle.json). The kind is detected from DIR/config.json."
    })
public final class ImportCommand implements Callable<Integer> {

  @Option(names = "--from", required = true, paramLabel = "DIR",
      description = "Release directory: config.json plus model.safetensors or pytorch_model.bin.")
  Path from;

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
    if (!Files.isDirectory(from)) {
      throw new CliException("--from " + from + " is not a directory");
    }
    StftFrontEnd frontEnd = frontEndOptions.frontEnd();
    ReleaseImporter.Request request =
        new ReleaseImporter.Request(
            from, out, ReleaseImporter.Precision.parse(precision), audioConfig, textConfig, tokenizer,
            licence.license, licence.licenseNotes, frontEnd, calibration);
    Engines.init();
    new ReleaseImporter(System.out).run(request);
    return 0;
  }
}
