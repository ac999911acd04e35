package ai.muq.inference;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the ONNX Runtime, the loaded models and their warm-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({InferenceProperties.class, BundleProperties.class})
public class InferenceConfig {

  @Bean
  OrtRuntime ortRuntime(InferenceProperties props) {
    return new OrtRuntime(props);
  }

  /** Closed at shutdown after the web server stopped: queued batches finish first. */
  @Bean(destroyMethod = "close")
  ModelRegistry modelRegistry(
      BundleProperties bundles, InferenceProperties props, OrtRuntime runtime, MeterRegistry registry) {
    return new ModelRegistry(bundles, props, runtime, registry);
  }

  @Bean
  ModelWarmup modelWarmup(ModelRegistry registry, InferenceProperties props) {
    return new ModelWarmup(registry, props.warmup());
  }
}
