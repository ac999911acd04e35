package ai.muq.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A new, empty library folder for each application context of the end-to-end tests, so no state
 * carries over from an earlier run (a fixed folder under target/ would keep its tracks).
 */
final class FreshLibrary {

  private FreshLibrary() {}

  static void register(DynamicPropertyRegistry registry) {
    registry.add("muq.library.dir", () -> {
      try {
        return Files.createTempDirectory("muq-e2e-library").toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
