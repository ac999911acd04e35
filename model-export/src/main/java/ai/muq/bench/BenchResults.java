package ai.muq.bench;

import java.util.List;
import java.util.Map;

/**
 * Every figure of one bench run (written as JSON with snake_case names beside the Markdown).
 *
 * @param machine what ran it: cores, OS, Java, ONNX Runtime version, execution providers
 * @param matmul the reference GEMM: size and GFLOP/s at the start and at the end of the run (each
 *     throughput row also carries the MatMul figure timed just before it, which its fraction uses)
 * @param throughput encoder speed per configuration, batch size and provider
 * @param cuda "measured" or why CUDA was skipped
 * @param precision fp32 / fp16-weights / int8 variants of the sweep configuration
 * @param optimizationLevels seconds per run per ORT graph optimisation level
 * @param threads seconds per run per thread setting
 * @param recommended the defaults chosen for the service from these figures
 * @param profile kernel time per op type (microseconds) of one profiled run, when profiled
 * @param notes observations printed with the figures
 */
public record BenchResults(
    Map<String, Object> machine,
    MatMul matmul,
    List<Throughput> throughput,
    String cuda,
    List<Precision> precision,
    List<SettingTime> optimizationLevels,
    List<SettingTime> threads,
    Map<String, Object> recommended,
    Map<String, Long> profile,
    List<String> notes) {

  public record MatMul(int n, double gflopsStart, double gflopsEnd) {
    public double gflops() {
      return Math.max(gflopsStart, gflopsEnd);
    }
  }

  public record Throughput(
      String config, String provider, int batch, double clipSeconds, double medianSeconds, double minSeconds,
      double audioSecondsPerSecond, double gflopPerRun, double gflops, double matmulGflops, double fractionOfMatmul,
      Map<String, Double> gflopBreakdown) {}

  /**
   * @param speedup fp32's fastest run over this variant's fastest run (timed round-robin)
   * @param maxAbsDiff largest |difference| of the last hidden state from fp32
   * @param relMaxDiff maxAbsDiff over the largest |fp32 value|
   * @param pooledMaxDiff largest |difference| of the mean-pooled last hidden state (the embedding a probe sees)
   * @param probeAccuracy per label, the best-layer probe accuracy on the eval manifest (empty without one)
   */
  public record Precision(
      String config, String variant, long encoderBytes, double medianSeconds, double minSeconds, double speedup, double maxAbsDiff,
      double relMaxDiff, double pooledMaxDiff, Map<String, Double> probeAccuracy) {}

  public record SettingTime(String setting, double medianSeconds, double minSeconds, double audioSecondsPerSecond) {}
}
