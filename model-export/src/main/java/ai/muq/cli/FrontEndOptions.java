package ai.muq.cli;

import ai.muq.onnx.StftFrontEnd;
import picocli.CommandLine.Option;

/** {@code --target cpu|cuda} and {@code --stft conv|fft}, shared by {@code export} and {@code import}. */
public final class FrontEndOptions {

  @Option(names = "--target", defaultValue = "cpu", paramLabel = "cpu|cuda",
      description = "Execution provider the bundle is for; picks the default --stft (default ${DEFAULT-VALUE}).")
  String target;

  @Option(names = "--stft", paramLabel = "conv|fft",
      description = "STFT front-end: fft (factored FFT, for CPUs) or conv (Conv1d, for CUDA). Default: fft for --target cpu, conv for cuda.")
  String stft;

  /** The front-end asked for, or the target's default. */
  StftFrontEnd frontEnd() {
    try {
      return stft != null ? StftFrontEnd.parse(stft) : StftFrontEnd.forTarget(target);
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
  }
}
