package ai.muq.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The MuQ REST service: audio embeddings, zero-shot tagging, a music library and text-to-music
 * search. Scans the inference, tagging and API packages; the library switches itself on as an
 * auto-configuration when a {@code TrackEmbedder} bean exists ({@link LibraryWiring}).
 */
@SpringBootApplication(
    scanBasePackages = {"ai.muq.service", "ai.muq.inference", "ai.muq.tagging", "ai.muq.api"})
public class MuqServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(MuqServiceApplication.class, args);
  }
}
