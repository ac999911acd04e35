package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The REST endpoints, on the real library (Lucene in a temporary directory) and a test embedder. */
@SpringBootTest(classes = LibraryControllerTest.TestApp.class)
class LibraryControllerTest {

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class TestApp {
    @Bean
    TrackEmbedder embedder() {
      return new SpectralTestEmbedder("spectral-rest");
    }
  }

  @TempDir static Path dataDir;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("muq.library.dir", () -> dataDir.toString());
  }

  @Autowired WebApplicationContext context;
  @Autowired TrackIndex index;
  MockMvc mvc;

  @BeforeEach
  void setUp() {
    mvc = MockMvcBuilders.webAppContextSetup(context).build();
    index.list(1000, null).tracks().forEach(t -> index.delete(t.id()));
  }

  private ResultActions upload(double hz, String metadataJson) throws Exception {
    var builder = multipart("/v1/tracks").file(new MockMultipartFile("file", hz + ".wav", "audio/wav", TestAudio.sineWav(12, 24_000, 1, hz)));
    if (metadataJson != null) {
      builder.file(new MockMultipartFile("metadata", "", MediaType.APPLICATION_JSON_VALUE, metadataJson.getBytes()));
    }
    return mvc.perform(builder);
  }

  @Test
  void addGetListPatchDelete() throws Exception {
    upload(440, """
        {"id": "a440", "title": "A", "artist": "Ana", "tags": ["calm"], "attributes": {"key": "A"}}""")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/v1/tracks/a440"))
        .andExpect(jsonPath("$.outcome").value("created"))
        .andExpect(jsonPath("$.track.id").value("a440"))
        .andExpect(jsonPath("$.track.bundle_id").value("spectral-rest"))
        .andExpect(jsonPath("$.track.segment_count").value(2))
        .andExpect(jsonPath("$.track.duration_seconds").value(12.0))
        .andExpect(jsonPath("$.track.content_sha256").isString());
    upload(440, "{\"id\": \"a440\", \"title\": \"A\", \"artist\": \"Ana\", \"tags\": [\"calm\"], \"attributes\": {\"key\": \"A\"}}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.outcome").value("unchanged"));
    upload(880, "{\"id\": \"a880\"}").andExpect(status().isCreated());
    upload(1760, null).andExpect(status().isCreated()).andExpect(jsonPath("$.track.id").value(org.hamcrest.Matchers.startsWith("t-")));

    mvc.perform(get("/v1/tracks/a440"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.title").value("A"))
        .andExpect(jsonPath("$.attributes.key").value("A"))
        .andExpect(jsonPath("$.added_at").isString());

    String firstPage = mvc.perform(get("/v1/tracks").param("limit", "2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.tracks", hasSize(2)))
        .andExpect(jsonPath("$.tracks[0].id").value("a440"))
        .andExpect(jsonPath("$.next_cursor").isString())
        .andReturn().getResponse().getContentAsString();
    String cursor = firstPage.replaceAll(".*\"next_cursor\":\"([^\"]+)\".*", "$1");
    mvc.perform(get("/v1/tracks").param("limit", "2").param("cursor", cursor))
        .andExpect(jsonPath("$.tracks", hasSize(1)))
        .andExpect(jsonPath("$.next_cursor").doesNotExist());

    mvc.perform(patch("/v1/tracks/a440").contentType(MediaType.APPLICATION_JSON).content("{\"tags\": [\"loud\"], \"attributes\": {\"key\": null}}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.tags[0]").value("loud"))
        .andExpect(jsonPath("$.attributes.key").doesNotExist())
        .andExpect(jsonPath("$.title").value("A"));

    mvc.perform(delete("/v1/tracks/a880")).andExpect(status().isNoContent());
    mvc.perform(get("/v1/tracks/a880"))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://muq.ai/problems/track-not-found"))
        .andExpect(jsonPath("$.status").value(404));
    mvc.perform(delete("/v1/tracks/a880")).andExpect(status().isNotFound());
  }

  @Test
  void searchByTextTrackAndAudioWithFiltersAndSegments() throws Exception {
    upload(440, "{\"id\": \"a440\", \"tags\": [\"low\"]}");
    upload(880, "{\"id\": \"a880\", \"tags\": [\"low\"], \"artist\": \"Bo\"}");
    upload(3520, "{\"id\": \"a3520\", \"tags\": [\"high\"]}");

    mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"a 3520 Hz beep\", \"top_k\": 2, \"segments\": true}"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.bundle_id").value("spectral-rest"))
        .andExpect(jsonPath("$.results", hasSize(2)))
        .andExpect(jsonPath("$.results[0].track.id").value("a3520"))
        .andExpect(jsonPath("$.results[0].segments", hasSize(2)))
        .andExpect(jsonPath("$.results[0].segments[0].start_seconds").isNumber())
        .andExpect(jsonPath("$.results[0].segments[0].end_seconds").isNumber());

    mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON)
            .content("{\"text\": \"3520 hz\", \"filters\": {\"tags_all\": [\"low\"], \"artist\": \"Bo\"}}"))
        .andExpect(jsonPath("$.results", hasSize(1)))
        .andExpect(jsonPath("$.results[0].track.id").value("a880"));

    mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON).content("{\"track_id\": \"a440\", \"top_k\": 5}"))
        .andExpect(jsonPath("$.results", hasSize(2)))
        .andExpect(jsonPath("$.results[0].track.id").value("a880"));

    mvc.perform(multipart("/v1/search/audio")
            .file(new MockMultipartFile("file", "clip.wav", "audio/wav", TestAudio.sineWav(3, 48_000, 2, 880)))
            .file(new MockMultipartFile("metadata", "", MediaType.APPLICATION_JSON_VALUE, "{\"top_k\": 1}".getBytes())))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.results", hasSize(1)))
        .andExpect(jsonPath("$.results[0].track.id").value("a880"))
        .andExpect(jsonPath("$.results[0].score").value(org.hamcrest.Matchers.greaterThan(0.8)));
  }

  @Test
  void errorsAreProblemDetailsWithStableTypes() throws Exception {
    expectProblem(mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON).content("{\"text\": ")), 400, "invalid-request");
    expectProblem(mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON).content("{\"top_k\": 3}")), 422, "invalid-request");
    expectProblem(mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON).content("{\"text\": \"x\", \"top_k\": 0}")), 422,
        "invalid-request");
    expectProblem(mvc.perform(post("/v1/search").contentType(MediaType.APPLICATION_JSON).content("{\"track_id\": \"none\"}")), 404,
        "track-not-found");
    expectProblem(mvc.perform(get("/v1/tracks").param("cursor", "bogus")), 422, "invalid-request");
    expectProblem(mvc.perform(get("/v1/tracks").param("limit", "many")), 400, "invalid-request");
    expectProblem(mvc.perform(multipart("/v1/tracks").file(new MockMultipartFile("file", "x.wav", "audio/wav", "not audio".getBytes()))), 422,
        "corrupt-audio");
    expectProblem(mvc.perform(multipart("/v1/tracks").file(new MockMultipartFile("metadata", "", "application/json", "{}".getBytes()))), 400,
        "invalid-request");
    expectProblem(upload(440, "{\"id\": \"has space\"}"), 422, "invalid-request");
    expectProblem(upload(440, "{\"id\": "), 400, "invalid-request");
    expectProblem(upload(440, "{\"tags\": [null]}"), 422, "invalid-request");
    assertThat(index.count()).isZero();
  }

  private static void expectProblem(ResultActions result, int status, String slug) throws Exception {
    result.andExpect(status().is(status))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("https://muq.ai/problems/" + slug))
        .andExpect(jsonPath("$.detail").isString());
  }
}
