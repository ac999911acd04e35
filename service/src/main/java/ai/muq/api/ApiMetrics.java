package ai.muq.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import ai.muq.audio.AudioException;
import org.springframework.stereotype.Component;

/**
 * Latency per endpoint and model: {@code muq.api.request.duration} (Prometheus {@code
 * muq_api_request_duration_seconds}, a histogram) with tags {@code endpoint}, {@code model},
 * {@code outcome} (success or error). Decoding is included, queueing and model runs too.
 */
@Component
public class ApiMetrics {

  private final MeterRegistry registry;

  public ApiMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Work of one request; may refuse its audio. */
  @FunctionalInterface
  public interface Work<T> {
    T get() throws AudioException;
  }

  public <T> T time(String endpoint, String model, Work<T> work) throws AudioException {
    long start = System.nanoTime();
    String outcome = "error";
    try {
      T result = work.get();
      outcome = "success";
      return result;
    } finally {
      Timer.builder("muq.api.request.duration")
          .description("Latency of API requests per endpoint and model")
          .tags("endpoint", endpoint, "model", model, "outcome", outcome)
          .publishPercentileHistogram()
          .register(registry)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }
}
