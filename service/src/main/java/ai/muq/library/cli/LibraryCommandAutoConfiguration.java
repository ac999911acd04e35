package ai.muq.library.cli;

import ai.muq.library.LibraryAutoConfiguration;
import ai.muq.library.LibraryProperties;
import ai.muq.library.TrackEmbedder;
import ai.muq.library.TrackLibrary;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/**
 * The library commands of the service jar: {@code java -jar service.jar ingest DIR|MANIFEST} and
 * {@code java -jar service.jar reindex}. They run instead of the web server
 * ({@link LibraryCommandEnvironment} switches it off) and exit: 0 when every file was added, 1 when
 * some failed, 2 when the command could not run.
 */
@AutoConfiguration(after = LibraryAutoConfiguration.class)
@EnableConfigurationProperties(LibraryProperties.class)
public class LibraryCommandAutoConfiguration {

  @Bean
  ApplicationRunner libraryCommandRunner(ApplicationContext context, ObjectProvider<TrackLibrary> library,
      LibraryProperties properties, ObjectProvider<JsonMapper> json) {
    return args -> {
      List<String> command = args.getNonOptionArgs();
      if (command.isEmpty() || !LibraryCommandEnvironment.COMMANDS.contains(command.getFirst())) {
        return;
      }
      int code = run(command, library.getIfAvailable(), properties, json.getIfAvailable(() -> JsonMapper.builder().build()));
      System.exit(SpringApplication.exit(context, () -> code));
    };
  }

  public static int run(List<String> command, TrackLibrary library, LibraryProperties properties, JsonMapper json) {
    if (library == null) {
      System.err.println("error: no model is configured (no TrackEmbedder bean), the library cannot embed tracks");
      return 2;
    }
    try {
      if (command.getFirst().equals("reindex")) {
        if (command.size() != 1) {
          System.err.println("usage: reindex");
          return 2;
        }
        TrackLibrary.ReindexReport report = library.reindex(line -> System.err.print("\r" + line + "   "));
        System.err.println();
        System.err.printf("reindex: %d tracks re-embedded for bundle %s, %d failed%n", report.reindexed(), library.bundleId(),
            report.failures().size());
        report.failures().forEach(f -> System.err.println("  failed: " + f));
        return report.failures().isEmpty() ? 0 : 1;
      }
      if (command.size() != 2) {
        System.err.println("usage: ingest DIR|MANIFEST.jsonl");
        return 2;
      }
      Path source = Path.of(command.get(1));
      BulkIngest ingest = new BulkIngest(library, properties.dir(), json);
      List<BulkIngest.Item> items = ingest.itemsOf(source);
      BulkIngest.Report report = ingest.run(source, items, properties.effectiveIngestThreads(), System.err);
      System.err.printf("ingest: %d files, %d added, %d unchanged, %d already done, %d failed%n", report.total(), report.added(),
          report.unchanged(), report.skippedAsDone(), report.failures().size());
      report.failures().forEach(f -> System.err.println("  failed: " + f.key() + ": " + f.reason()));
      return report.failures().isEmpty() ? 0 : 1;
    } catch (RuntimeException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
