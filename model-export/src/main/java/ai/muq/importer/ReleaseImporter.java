package ai.muq.importer;

import ai.djl.ndarray.NDManager;
import ai.muq.bundle.BundleManifest;
import ai.muq.model.ModelConfig;
import ai.muq.model.Models;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.ParamStore;
import ai.muq.model.mulan.MulanModel;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.text.XlmRobertaEncoder;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.OnnxOps;
import ai.muq.onnx.CalibrationAudio;
import ai.muq.onnx.StftFrontEnd;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a downloaded release (MuQ-large-msd-iter or MuQ-MuLan-large) into a service bundle: reads
 * config.json and the weights, maps every tensor onto the model core's parameters (reporting what is
 * skipped), and exports the ONNX graphs through {@link BundleExporter}.
 */
public final class ReleaseImporter {

  /** Weight storage of the exported graphs; computation stays float32 either way. */
  public enum Precision {
    FP32(OnnxOps.WeightType.FLOAT32),
    FP16(OnnxOps.WeightType.FLOAT16),
    /** Static int8 audio graphs (QDQ), calibrated; the text graph stays fp32. */
    INT8(OnnxOps.WeightType.FLOAT32);

    final OnnxOps.WeightType weightType;

    Precision(OnnxOps.WeightType weightType) {
      this.weightType = weightType;
    }

    public static Precision parse(String s) throws CheckpointException {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "fp32" -> FP32;
        case "fp16" -> FP16;
        case "int8" -> INT8;
        default -> throw new CheckpointException("--precision must be fp32, fp16 or int8, not '" + s + "'");
      };
    }
  }

  /**
   * One import.
   *
   * @param from the release directory (config.json and weights)
   * @param out the bundle directory to write
   * @param precision weight storage
   * @param audioConfig MuQ-MuLan only: a MuQ config.json for the audio model, or null
   * @param textConfig MuQ-MuLan only: an XLM-RoBERTa config.json for the text model, or null
   * @param tokenizer MuQ-MuLan only: a tokenizer.json, or null for {@code from/tokenizer.json}
   * @param license licence of the weights for bundle.json, or null for the model card's ({@code
   *     from/README.md})
   * @param licenseNotes notes on the data's licences, or null for what the model card says
   * @param stft the audio graphs' STFT front-end
   * @param calibration int8 only: a folder of calibration audio, or null for the built-in clips
   */
  public record Request(
      Path from, Path out, Precision precision, Path audioConfig, Path textConfig, Path tokenizer,
      String license, String licenseNotes, StftFrontEnd stft, Path calibration) {
    public Request {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(out, "out");
      Objects.requireNonNull(precision, "precision");
      Objects.requireNonNull(stft, "stft");
    }

    /** A CPU bundle (FFT front-end) whose licence comes from the model card. */
    public Request(
        Path from, Path out, Precision precision, Path audioConfig, Path textConfig, Path tokenizer) {
      this(from, out, precision, audioConfig, textConfig, tokenizer, null, null, StftFrontEnd.FFT, null);
    }
  }

  /** What an import did. */
  public record Result(
      BundleManifest manifest, List<Path> checkpoint, CheckpointMapper.Report mapping, long millis) {}

  private final PrintStream log;

  public ReleaseImporter(PrintStream log) {
    this.log = log;
  }

  /**
   * Runs one import.
   *
   * @throws CheckpointException for anything wrong with the release or the machine, in one line
   */
  public Result run(Request req) throws IOException {
    try {
      return runChecked(req);
    } catch (OutOfMemoryError e) {
      throw new CheckpointException(
          "not enough Java memory for this import (" + e.getMessage() + "); run java with -Xmx4g"
              + " (MuQ-MuLan-large needs about 4 GiB of heap, MuQ-large about 2 GiB)");
    }
  }

  private Result runChecked(Request req) throws IOException {
    long start = System.nanoTime();
    ReleaseConfig release = ReleaseConfig.load(req.from(), req.audioConfig(), req.textConfig());
    Path tokenizer = null;
    if (release instanceof ReleaseConfig.MuqMulan) {
      tokenizer = TokenizerResolver.resolve(req.tokenizer(), req.from());
    } else if (req.tokenizer() != null) {
      throw new CheckpointException("--tokenizer applies only to MuQ-MuLan; " + req.from() + " is a MuQ encoder");
    }
    List<Path> files = CheckpointFiles.locate(req.from());
    String name = bundleName(req.from(), release);
    log.println("importing " + describe(release) + " from " + files + " as '" + name + "'");
    boolean fp16 = req.precision() == Precision.FP16;
    BundleExporter exporter = req.precision() != Precision.INT8
        ? new BundleExporter(req.precision().weightType, req.stft())
        : BundleExporter.int8(req.stft(), req.calibration() != null
            ? CalibrationAudio.fromDir(req.calibration(), CalibrationAudio.MAX_FOLDER_CLIPS) : CalibrationAudio.builtIn());
    try (CheckpointFiles checkpoint = CheckpointFiles.open(files);
        NDManager manager = NDManager.newBaseManager()) {
      BundleManifest manifest;
      CheckpointMapper.Report report;
      switch (release) {
        case ReleaseConfig.Muq muq -> {
          MuqConfig cfg = muq.muq().toMuqConfig();
          MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, cfg);
          try (ParamStore store = new ParamStore(manager, model.encoderParams())) {
            Models.setMelStats(store, model, cfg.melMean(), cfg.melStd());
            report = CheckpointMapper.fill(
                checkpoint.tensors(), store, ReleasedLayout.muq(), melStats(model), fp16);
            printReport(report);
            manifest = exporter.exportMuq(store, model, new ModelConfig(name, cfg, null), name, req.out());
          }
        }
        case ReleaseConfig.MuqMulan mulan -> {
          ModelConfig cfg = mulan.mulan().toModelConfig(name);
          MulanModel model = new MulanModel(cfg);
          XlmRobertaEncoder backbone = new XlmRobertaEncoder(XlmRobertaEncoder.MULAN_PREFIX, mulan.mulan().text());
          List<ParamSpec> specs = new ArrayList<>(model.params());
          specs.addAll(backbone.params());
          try (ParamStore store = new ParamStore(manager, specs)) {
            Models.setMelStats(store, model.audioMuq(), cfg.muq().melMean(), cfg.muq().melStd());
            report = CheckpointMapper.fill(
                checkpoint.tensors(), store, ReleasedLayout.mulan(), melStats(model.audioMuq()), fp16);
            printReport(report);
            manifest = exporter.exportMulanWithBackbone(
                store, model, backbone, mulan.mulan().textModelName(), name, tokenizer, req.out());
          }
        }
      }
      manifest = licensed(manifest, req, name);
      manifest.write(req.out());
      long millis = (System.nanoTime() - start) / 1_000_000;
      log.printf("wrote bundle %s to %s in %.1f s%n", manifest.id(), req.out().toAbsolutePath(), millis / 1000.0);
      manifest.files().forEach(
          (f, e) -> log.printf("  %-18s %,15d bytes  sha256 %s%n", f, e.bytes(), e.sha256()));
      return new Result(manifest, files, report, millis);
    }
  }

  /**
   * The manifest with the weights' licence: the one requested, else the model card's ({@code
   * from/README.md} front matter, e.g. {@code license: cc-by-nc-4.0} for OpenMuQ's releases), else
   * none stated ({@value BundleManifest#LICENSE_NOT_STATED}, with a warning).
   */
  private BundleManifest licensed(BundleManifest manifest, Request req, String name) throws IOException {
    Optional<ModelCard> card = ModelCard.read(req.from());
    String license = req.license() != null ? req.license() : card.map(ModelCard::license).orElse(null);
    String notes = req.licenseNotes() != null ? req.licenseNotes()
        : card.filter(c -> req.license() == null).map(c -> c.notes(name)).orElse(null);
    if (license == null) {
      log.println("warning: " + req.from() + " has no model card (" + ModelCard.FILE_NAME
          + ") stating a licence; bundle.json says " + BundleManifest.LICENSE_NOT_STATED
          + " (state it with --license)");
    } else {
      log.println("licence of the weights: " + license);
    }
    return manifest.withLicense(license, notes);
  }

  private static Set<String> melStats(MuqModel model) {
    return Set.of(model.frontEnd().meanName(), model.frontEnd().stdName());
  }

  private void printReport(CheckpointMapper.Report r) {
    log.printf("mapped %d tensors (%,d values); skipped %d unused by inference:%n",
        r.mapped().size(), r.values(), r.skippedCount());
    for (Map.Entry<String, List<String>> e : r.skipped().entrySet()) {
      List<String> keys = e.getValue();
      String examples = String.join(", ", keys.subList(0, Math.min(2, keys.size())));
      log.printf("  %4d  %s: %s%s%n", keys.size(), e.getKey(), examples, keys.size() > 2 ? ", ..." : "");
    }
  }

  private static String describe(ReleaseConfig release) {
    return switch (release) {
      case ReleaseConfig.Muq m ->
          "MuQ encoder (D=" + m.muq().encoderDim() + ", L=" + m.muq().encoderDepth() + ")";
      case ReleaseConfig.MuqMulan m ->
          "MuQ-MuLan (audio " + m.mulan().audioModelName() + ", text " + m.mulan().textModelName() + ")";
    };
  }

  /**
   * The bundle's name: the release directory's name, or the model name of a HuggingFace cache
   * snapshot ({@code models--OpenMuQ--MuQ-MuLan-large/snapshots/<hash>}), lower-cased.
   */
  static String bundleName(Path from, ReleaseConfig release) {
    Path abs = from.toAbsolutePath().normalize();
    String dir = abs.getFileName() == null ? "" : abs.getFileName().toString();
    if (dir.matches("[0-9a-f]{40}") && abs.getParent() != null && abs.getParent().getParent() != null
        && abs.getParent().getParent().getFileName() != null) {
      String repo = abs.getParent().getParent().getFileName().toString();
      dir = repo.substring(repo.lastIndexOf("--") + 2);
    }
    if (dir.isBlank() || !dir.matches("[A-Za-z0-9._-]+")) {
      return release instanceof ReleaseConfig.Muq ? "muq-imported" : "muq-mulan-imported";
    }
    return dir.toLowerCase(Locale.ROOT);
  }
}
