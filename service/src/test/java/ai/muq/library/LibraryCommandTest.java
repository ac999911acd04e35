package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.cli.LibraryCommandAutoConfiguration;
import ai.muq.library.cli.LibraryCommandEnvironment;
import ai.muq.library.lucene.LuceneIndexSettings;
import ai.muq.library.lucene.LuceneTrackIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import tools.jackson.databind.json.JsonMapper;

class LibraryCommandTest {

  @TempDir Path dir;

  private static LibraryProperties properties(Path dataDir) {
    return new LibraryProperties(dataDir, 1600, 32, 200, 10_000_000, 600, 2);
  }

  @Test
  void ingestAndReindexCommandsReturnExitCodes() throws Exception {
    Path catalog = Files.createDirectories(dir.resolve("catalog"));
    Files.write(catalog.resolve("a.wav"), TestAudio.sineWav(1, 24_000, 1, 440));
    Files.write(catalog.resolve("b.wav"), TestAudio.sineWav(1, 24_000, 1, 880));
    Path data = dir.resolve("data");
    JsonMapper json = JsonMapper.builder().build();
    try (LuceneTrackIndex index = new LuceneTrackIndex(data.resolve("index"), LuceneIndexSettings.DEFAULT)) {
      TrackLibrary library = new TrackLibrary(index, new SpectralTestEmbedder("v1"), new AudioLoaderDecoder(10_000_000, 60),
          new AudioStore(data.resolve("audio")), Clock.systemUTC());
      assertThat(LibraryCommandAutoConfiguration.run(List.of("ingest", catalog.toString()), library, properties(data), json)).isZero();
      assertThat(index.count()).isEqualTo(2);
      Files.writeString(catalog.resolve("c.wav"), "broken");
      assertThat(LibraryCommandAutoConfiguration.run(List.of("ingest", catalog.toString()), library, properties(data), json)).isEqualTo(1);
      assertThat(LibraryCommandAutoConfiguration.run(List.of("ingest", dir.resolve("nowhere").toString()), library, properties(data), json))
          .isEqualTo(2);
      assertThat(LibraryCommandAutoConfiguration.run(List.of("ingest"), library, properties(data), json)).isEqualTo(2);

      TrackLibrary upgraded = new TrackLibrary(index, new SpectralTestEmbedder("v2"), new AudioLoaderDecoder(10_000_000, 60),
          new AudioStore(data.resolve("audio")), Clock.systemUTC());
      assertThat(LibraryCommandAutoConfiguration.run(List.of("reindex"), upgraded, properties(data), json)).isZero();
      assertThat(index.idsNotInBundle("v2", null, 10)).isEmpty();
    }
    assertThat(LibraryCommandAutoConfiguration.run(List.of("reindex"), null, properties(data), json)).isEqualTo(2);
  }

  @Test
  void commandsRunWithoutWebServer() {
    StandardEnvironment ingest = new StandardEnvironment();
    ingest.getPropertySources().addFirst(new SimpleCommandLinePropertySource("ingest", "/music", "--muq.library.dir=/x"));
    new LibraryCommandEnvironment().postProcessEnvironment(ingest, new SpringApplication());
    assertThat(ingest.getProperty("spring.main.web-application-type")).isEqualTo("none");
    assertThat(ingest.getProperty("muq.inference.batching.max-queue-time")).isEqualTo("365d");

    StandardEnvironment serve = new StandardEnvironment();
    serve.getPropertySources().addFirst(new SimpleCommandLinePropertySource("--server.port=8080"));
    new LibraryCommandEnvironment().postProcessEnvironment(serve, new SpringApplication());
    assertThat(serve.getProperty("spring.main.web-application-type")).isNull();
    assertThat(serve.getProperty("spring.servlet.multipart.max-file-size")).isEqualTo("104857600B");
  }
}
