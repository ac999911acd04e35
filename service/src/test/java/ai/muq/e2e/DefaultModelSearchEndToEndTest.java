package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.client.ApiClient;
import ai.muq.client.api.LibraryApi;
import ai.muq.client.api.ModelsApi;
import ai.muq.client.model.AddTrackResult;
import ai.muq.client.model.Model;
import ai.muq.client.model.SearchRequest;
import ai.muq.client.model.SearchHit;
import ai.muq.client.model.TrackMetadata;
import ai.muq.service.MuqServiceApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Text-to-music search with the embedded default model (no {@code muq.bundles}: what
 * {@code java -jar service.jar} serves) on synthetic tracks it never saw in training: a query naming
 * a track's lead instrument and style ("saxophone jazz music") ranks that track in the top 3 among
 * twelve, where every (style, instrument) pair occurs once and instruments and styles repeat across
 * tracks (folk and ambient flute, classical and folk violin, ...), so both words have to count.
 */
@SpringBootTest(
    classes = MuqServiceApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"muq.inference.device=cpu"})
class DefaultModelSearchEndToEndTest {

  @DynamicPropertySource
  static void freshLibrary(DynamicPropertyRegistry registry) {
    FreshLibrary.register(registry);
  }

  /** Queries of the twelve that must find their track in the top 3 (chance: about 3 of 12). */
  static final int REQUIRED_HITS = 10;

  @LocalServerPort int port;

  record Fixture(Path audio, String id, String style, String instrument) {}

  static List<Fixture> fixtures() throws IOException, URISyntaxException {
    Path dir = Path.of(DefaultModelSearchEndToEndTest.class.getResource("/fixtures/synth-library/manifest.jsonl").toURI())
        .getParent();
    List<Fixture> out = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(dir.resolve("manifest.jsonl"))) {
      JsonNode n = json.readTree(line);
      String file = n.path("path").asText();
      out.add(new Fixture(dir.resolve(file), "synth-" + file.replace(".ogg", ""), n.path("style").asText(),
          n.path("lead_instrument").asText()));
    }
    return out;
  }

  /** The embedded default bundle states the licence of its weights and of its data. */
  @Test
  void modelsListShowsTheLicenceOfTheDefaultWeights() throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    Model m = new ModelsApi(client).listModels().getData().getFirst();
    assertThat(m.getBundleId()).startsWith("muq-mulan-small@");
    assertThat(m.getLicense()).isEqualTo("GPL-2.0-only AND LicenseRef-Drascula");
    assertThat(m.getLicenseNotes()).contains("TimGM6mb", "GPL-2.0", "asc-music", "drascula-music");
  }

  @Test
  void aQueryNamingInstrumentAndStyleFindsTheTrackInTheTopThree() throws Exception {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    LibraryApi api = new LibraryApi(client);
    List<Fixture> fixtures = fixtures();
    assertThat(fixtures).hasSize(12);
    for (Fixture f : fixtures) {
      AddTrackResult added = api.addTrack(f.audio().toFile(),
          new TrackMetadata().id(f.id()).title(f.instrument() + " " + f.style()));
      assertThat(added.getTrack().getBundleId()).startsWith("muq-mulan-small@");
    }
    int hits = 0;
    StringBuilder ranks = new StringBuilder();
    for (Fixture f : fixtures) {
      String query = f.instrument() + " " + f.style() + " music";
      List<String> top = api.search(new SearchRequest().text(query).topK(12)).getResults().stream()
          .map(SearchHit::getTrack).map(t -> t.getId()).toList();
      int rank = top.indexOf(f.id()) + 1;
      ranks.append(String.format("  %-28s rank %2d%n", query, rank));
      if (rank >= 1 && rank <= 3) {
        hits++;
      }
    }
    System.out.print("default-model text search, rank of the named track among 12:\n" + ranks);
    assertThat(hits).as("queries whose track is in the top 3:%n%s", ranks).isGreaterThanOrEqualTo(REQUIRED_HITS);
  }
}
