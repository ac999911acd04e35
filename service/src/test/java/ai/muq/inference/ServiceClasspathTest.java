package ai.muq.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service converts hub models with model-export's importer, but libtorch must not come with
 * it: the pytorch-native jar alone is about 450 MB, against the image's 500 MB goal. The runtime
 * class path (a superset of what service.jar packages) has no DJL PyTorch artifact and no class of
 * the PyTorch engine.
 */
class ServiceClasspathTest {

  @Test
  void noLibtorchOnTheServiceClasspath() {
    List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    assertThat(entries).anyMatch(e -> e.contains("model-export"));
    assertThat(entries).noneMatch(e -> e.contains("ai/djl/pytorch") || e.contains("pytorch-native")
        || e.contains("pytorch-engine") || e.contains("pytorch-jni"));
    assertThat(getClass().getClassLoader().getResource("ai/djl/pytorch/engine/PtEngine.class")).isNull();
  }
}
