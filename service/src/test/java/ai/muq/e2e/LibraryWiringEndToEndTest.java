package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.muq.client.ApiException;
import ai.muq.client.api.LibraryApi;
import ai.muq.client.model.AddTrackResult;
import ai.muq.client.model.SearchRequest;
import ai.muq.client.model.SearchResponse;
import ai.muq.client.model.Track;
import ai.muq.client.model.TrackMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The library runs on the service's model (LibraryWiring): a track added through the SDK is found
 * by search, with the model's bundle id, and library errors keep their own problem types.
 */
class LibraryWiringEndToEndTest extends EndToEndBase {

  @Test
  void addedTrackIsFoundWithTheServedModel() throws Exception {
    LibraryApi api = new LibraryApi(client());
    String id = "wiring-" + System.nanoTime();
    AddTrackResult added = api.addTrack(file("t.wav", Fixtures.wav16(Fixtures.music(12, 24_000, 3), 24_000)).toFile(),
        new TrackMetadata().id(id).title("Tones").tags(List.of("test")));
    assertThat(added.getOutcome()).isEqualTo(AddTrackResult.OutcomeEnum.CREATED);
    Track t = added.getTrack();
    assertThat(t.getId()).isEqualTo(id);
    assertThat(t.getBundleId()).isEqualTo("muq-mulan-tiny@6ad8bcd9b66d");
    assertThat(t.getSegmentCount()).isEqualTo(2);
    SearchResponse r = api.search(new SearchRequest().text("calm piano").topK(50));
    assertThat(r.getBundleId()).isEqualTo("muq-mulan-tiny@6ad8bcd9b66d");
    assertThat(r.getResults()).extracting(h -> h.getTrack().getId()).contains(id);
    assertThat(api.listTracks(null, 1000).getTracks()).extracting(Track::getId).contains(id);
    assertThat(api.getTrack(id).getTitle()).isEqualTo("Tones");
    assertThatThrownBy(() -> api.getTrack("no-such-track-" + System.nanoTime()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getResponseBody()).contains("https://muq.ai/problems/track-not-found");
        });
  }
}
