package ai.muq.inference;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the inference runtime ({@code muq.inference.*}).
 *
 * @param device {@code auto} (CUDA when a GPU and the CUDA build are there, else CPU), {@code
 *     cpu} or {@code cuda} (fails when CUDA cannot be used)
 * @param deviceId CUDA device ordinal
 * @param cudnnConvAlgoSearch cuDNN convolution algorithm search: EXHAUSTIVE, HEURISTIC or DEFAULT
 * @param gpuMemLimitBytes CUDA memory arena limit in bytes, 0 for no limit
 * @param arenaExtendStrategy CUDA arena growth: kNextPowerOfTwo or kSameAsRequested
 * @param tensorrt try the TensorRT provider before CUDA (needs a TensorRT-enabled build)
 * @param intraOpThreads CPU threads inside one operator, 0 for ONNX Runtime's default
 * @param interOpThreads CPU threads across operators, 0 for ONNX Runtime's default
 * @param cpuArena ONNX Runtime's CPU memory arena; off by default: it kept about 0.7 GiB more resident
 *     memory under load for no measured throughput gain (docs/service.md)
 * @param warmup run every graph once at start before readiness turns true
 * @param failOnNoModel refuse to start when no bundle could be loaded
 * @param batching micro-batching of model runs
 */
@ConfigurationProperties("muq.inference")
public record InferenceProperties(
    @DefaultValue("auto") String device,
    @DefaultValue("0") int deviceId,
    @DefaultValue("EXHAUSTIVE") String cudnnConvAlgoSearch,
    @DefaultValue("0") long gpuMemLimitBytes,
    @DefaultValue("kNextPowerOfTwo") String arenaExtendStrategy,
    @DefaultValue("false") boolean tensorrt,
    @DefaultValue("0") int intraOpThreads,
    @DefaultValue("0") int interOpThreads,
    @DefaultValue("false") boolean cpuArena,
    @DefaultValue("true") boolean warmup,
    @DefaultValue("true") boolean failOnNoModel,
    @DefaultValue Batching batching) {

  public InferenceProperties {
    if (!List.of("auto", "cpu", "cuda").contains(device)) {
      throw new IllegalArgumentException(
          "muq.inference.device must be auto, cpu or cuda, not " + device);
    }
  }

  /**
   * @param maxBatchSize most items per model run
   * @param maxQueueDelay longest wait for a batch to fill
   * @param queueCapacity waiting items per model graph before 503
   * @param requestTimeout longest a request waits for its model results
   * @param maxQueueTime latency budget per model queue: beyond this expected wait, 503 at once
   *     with Retry-After (docs/service.md, "Back-pressure")
   */
  public record Batching(
      @DefaultValue("8") int maxBatchSize,
      @DefaultValue("5ms") Duration maxQueueDelay,
      @DefaultValue("256") int queueCapacity,
      @DefaultValue("60s") Duration requestTimeout,
      @DefaultValue("2s") Duration maxQueueTime) {

    public BatchingSettings settings() {
      return new BatchingSettings(
          maxBatchSize, maxQueueDelay, queueCapacity, requestTimeout, maxQueueTime);
    }
  }
}
