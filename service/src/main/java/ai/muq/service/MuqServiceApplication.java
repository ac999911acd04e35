package ai.muq.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The MuQ REST service: audio embeddings, zero-shot tagging, a music library and text-to-music
 * search. Scans every feature package under {@code ai.muq} (inference, tagging, api, library).
 */
@SpringBootApplication(scanBasePackages = "ai.muq")
public class MuqServiceApplication {

  public static void main(String[] args) {
    SpringApplication.run(MuqServiceApplication.class, args);
  }
}
