package ai.muq.library;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import ai.muq.library.web.LibraryProblemHandler;
import ai.muq.library.web.TrackController;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import tools.jackson.databind.json.JsonMapper;

/** An index backend that is down (e.g. SolrCloud unreachable) becomes 503 problem+json with Retry-After. */
class LibraryUnavailableProblemTest {

  @TempDir Path dir;

  @Test
  void unavailableIndexAnswers503WithRetryAfter() throws Exception {
    TrackIndex index = Unsupported.of(TrackIndex.class, (method, args) -> {
      if (method.equals("get")) {
        throw new LibraryUnavailableException("Solr query failed: no live nodes", Duration.ofMillis(2500), null);
      }
      return null;
    });
    TrackLibrary library = new TrackLibrary(index, Unsupported.of(TrackEmbedder.class), Unsupported.of(AudioDecoder.class),
        new AudioStore(dir), Clock.systemUTC());
    MockMvc mvc = MockMvcBuilders.standaloneSetup(new TrackController(library, JsonMapper.builder().build()))
        .setControllerAdvice(new LibraryProblemHandler())
        .build();

    mvc.perform(get("/v1/tracks/some-track"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "3"))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://muq.ai/problems/library-unavailable"))
        .andExpect(jsonPath("$.status").value(503))
        .andExpect(jsonPath("$.detail").value("Solr query failed: no live nodes"));
  }
}
