package ai.muq.library;

import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Runs the library commands ({@code ingest}, {@code reindex}) without a web server, so they never
 * take the port of a running service. Spring applies {@code spring.main.*} after the environment
 * post-processors, so setting it here decides the application type.
 */
public class LibraryCommandEnvironment implements EnvironmentPostProcessor {

  static final Set<String> COMMANDS = Set.of("ingest", "reindex");

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    String nonOptionArgs = environment.getProperty("nonOptionArgs");
    if (nonOptionArgs != null && COMMANDS.contains(nonOptionArgs.split(",", 2)[0])) {
      environment.getPropertySources().addFirst(new MapPropertySource("muq-library-command",
          Map.of("spring.main.web-application-type", "none", "spring.main.banner-mode", "off")));
    }
  }
}
