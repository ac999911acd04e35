package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.muq.client.ApiException;
import ai.muq.client.EmbeddingInput;
import ai.muq.client.EmbeddingVector;
import ai.muq.client.Tensors;
import ai.muq.client.api.EmbeddingsApi;
import ai.muq.client.api.LibraryApi;
import ai.muq.client.api.ModelsApi;
import ai.muq.client.api.TaggingApi;
import ai.muq.client.model.AddTrackResult;
import ai.muq.client.model.AudioEmbeddingResponse;
import ai.muq.client.model.AudioSearchOptions;
import ai.muq.client.model.EmbeddingRequest;
import ai.muq.client.model.EmbeddingResponse;
import ai.muq.client.model.Model;
import ai.muq.client.model.SearchFilters;
import ai.muq.client.model.SearchRequest;
import ai.muq.client.model.SearchResponse;
import ai.muq.client.model.TagResponse;
import ai.muq.client.model.TagScore;
import ai.muq.client.model.TrackMetadata;
import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The published Java SDK (artifact muq-client, built from api-spec/openapi.yaml) against the running
 * app, used as a user would: typed inputs and vectors, the typed metadata part, and problems as
 * ApiException with their type, status and detail.
 */
class JavaSdkEndToEndTest extends EndToEndBase {

  static final int RATE = 24_000;

  static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void modelsAndTextEmbeddings() throws Exception {
    Model m = new ModelsApi(client()).listModels().getData().getFirst();
    assertThat(m.getId()).isEqualTo(MODEL);
    assertThat(m.getEmbeddingDim()).isEqualTo(32);

    EmbeddingsApi api = new EmbeddingsApi(client());
    EmbeddingResponse floats = api.createEmbeddings(new EmbeddingRequest().model(MODEL)
        .input(EmbeddingInput.of("calm piano", "loud drums")));
    assertThat(floats.getData()).hasSize(2);
    float[] piano = floats.getData().get(0).getEmbedding().floats();
    assertThat(piano).hasSize(32);
    assertThat(dot(piano, piano)).isCloseTo(1.0, within(1e-3));
    assertThat(floats.getData().get(0).getEmbedding().isBase64()).isFalse();

    EmbeddingVector b64 = api.createEmbeddings(new EmbeddingRequest().model(MODEL)
        .input(EmbeddingInput.of("calm piano")).encodingFormat(EmbeddingRequest.EncodingFormatEnum.BASE64))
        .getData().getFirst().getEmbedding();
    assertThat(b64.isBase64()).isTrue();
    assertThat(b64.floats()).containsExactly(piano);
  }

  @Test
  void audioEmbeddingsAndTags() throws Exception {
    byte[] wav = Fixtures.wav16(Fixtures.music(4, RATE, 21), RATE);
    File f = file("clip.wav", wav).toFile();
    AudioEmbeddingResponse r = new EmbeddingsApi(client()).createAudioEmbedding(f, MODEL, null, null, true, null);
    float[] v = Tensors.floats(r.getEmbedding());
    assertThat(v).hasSize(32);
    assertThat(dot(v, v)).isCloseTo(1.0, within(1e-3));
    assertThat(r.getClips()).hasSize(1);
    // the same audio through /v1/embeddings as a data URI gives the same vector
    float[] viaUri = new EmbeddingsApi(client()).createEmbeddings(new EmbeddingRequest().model(MODEL)
        .input(EmbeddingInput.of(ApiEndToEndTest.dataUri(wav)))).getData().getFirst().getEmbedding().floats();
    assertThat(dot(v, viaUri)).isCloseTo(1.0, within(1e-4));

    TagResponse tags = new TaggingApi(client())
        .tagAudio(f, MODEL, List.of("piano", "drums", "violin"), null, null, 3, "single", false);
    assertThat(tags.getTags()).extracting(TagScore::getLabel).containsExactlyInAnyOrder("piano", "drums", "violin");
    assertThat(tags.getTags().stream().mapToDouble(TagScore::getScore).sum()).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void addTrackWithTypedMetadataThenSearch() throws Exception {
    LibraryApi api = new LibraryApi(client());
    String id = "java-sdk-" + System.nanoTime();
    String tag = "tag-" + id;
    File f = file("t.wav", Fixtures.wav16(Fixtures.music(12, RATE, 33), RATE)).toFile();
    TrackMetadata meta = new TrackMetadata().id(id).title("Früh – Tones").artist("SDK")
        .tags(List.of(tag)).attributes(Map.of("bpm", "90"));
    AddTrackResult added = api.addTrack(f, meta);
    assertThat(added.getOutcome()).isEqualTo(AddTrackResult.OutcomeEnum.CREATED);
    assertThat(added.getTrack().getTitle()).isEqualTo("Früh – Tones");
    assertThat(added.getTrack().getTags()).containsExactly(tag);
    assertThat(added.getTrack().getAttributes()).containsEntry("bpm", "90");
    assertThat(api.addTrack(f, meta).getOutcome()).isEqualTo(AddTrackResult.OutcomeEnum.UNCHANGED);

    SearchResponse byText = api.search(new SearchRequest().text("calm piano")
        .filters(new SearchFilters().tagsAll(List.of(tag))));
    assertThat(byText.getResults()).extracting(h -> h.getTrack().getId()).containsExactly(id);
    SearchResponse byAudio = api.searchByAudio(f, new AudioSearchOptions().topK(1)
        .filters(new SearchFilters().tagsAll(List.of(tag))));
    assertThat(byAudio.getResults()).hasSize(1);
    assertThat(byAudio.getResults().getFirst().getTrack().getId()).isEqualTo(id);
    assertThat(byAudio.getResults().getFirst().getScore()).isGreaterThan(0.99f);
  }

  @Test
  void problemsAreTypedExceptions() {
    assertThatThrownBy(() -> new EmbeddingsApi(client()).createEmbeddings(
        new EmbeddingRequest().model("no-such-model").input(EmbeddingInput.of("calm piano"))))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getType()).isEqualTo("https://muq.ai/problems/unknown-model");
          assertThat(e.getStatus()).isEqualTo(404);
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getDetail()).contains("no-such-model");
          assertThat(e.getProblem().getTitle()).isNotBlank();
        });
    assertThatThrownBy(() -> new LibraryApi(client()).getTrack("no-such-track-" + System.nanoTime()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getType()).isEqualTo("https://muq.ai/problems/track-not-found");
          assertThat(e.getStatus()).isEqualTo(404);
        });
  }
}
