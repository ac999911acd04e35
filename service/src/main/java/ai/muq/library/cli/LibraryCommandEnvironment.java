package ai.muq.library.cli;

import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Environment defaults of the library. Multipart uploads are allowed up to the library's upload
 * limit (Spring's own default of 1 MB is smaller than a song); explicit
 * {@code spring.servlet.multipart.*} settings still win, since these defaults come last.
 *
 * <p>Runs the library commands ({@code ingest}, {@code reindex}) without a web server, so they never
 * take the port of a running service. Spring applies {@code spring.main.*} after the environment
 * post-processors, so setting it here decides the application type. The commands also lift the
 * model queues' latency budget: shedding load is for clients that can retry elsewhere.
 */
public class LibraryCommandEnvironment implements EnvironmentPostProcessor {

  static final Set<String> COMMANDS = Set.of("ingest", "reindex");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String uploadLimit = "${muq.library.max-upload-bytes:104857600}B";
    environment.getPropertySources().addLast(new MapPropertySource("muq-library-defaults", Map.of(
        "spring.servlet.multipart.max-file-size", uploadLimit,
        "spring.servlet.multipart.max-request-size", uploadLimit)));
    String nonOptionArgs = environment.getProperty("nonOptionArgs");
    if (nonOptionArgs != null && COMMANDS.contains(nonOptionArgs.split(",", 2)[0])) {
      // The commands are the model's only callers and would rather wait than be shed: the
      // latency budget of the service (muq.inference.batching.max-queue-time) is lifted for them.
      environment.getPropertySources().addFirst(new MapPropertySource("muq-library-command",
          Map.of("spring.main.web-application-type", "none", "spring.main.banner-mode", "off",
              "muq.inference.batching.max-queue-time", "365d")));
    }
  }
}
