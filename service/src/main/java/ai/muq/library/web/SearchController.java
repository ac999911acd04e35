package ai.muq.library.web;

import ai.muq.library.AudioDecoder;
import ai.muq.library.TrackFilter;
import ai.muq.library.TrackLibrary;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/search}: find library tracks by text, by a stored track, or by an audio clip. */
@RestController
@RequestMapping("/v1/search")
public class SearchController {

  private final TrackLibrary library;
  private final AudioDecoder decoder;
  private final JsonMapper json;

  public SearchController(TrackLibrary library, AudioDecoder decoder, JsonMapper json) {
    this.library = library;
    this.decoder = decoder;
    this.json = json;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  public LibraryJson.SearchResultJson search(@RequestBody String body) {
    LibraryJson.SearchJson q = LibraryRequests.parse(json, body, LibraryJson.SearchJson.class);
    boolean hasText = q.text() != null;
    boolean hasTrack = q.trackId() != null;
    if (hasText == hasTrack) {
      throw new IllegalArgumentException("give exactly one of text and track_id");
    }
    TrackFilter filter = LibraryJson.FiltersJson.toFilter(q.filters());
    var hits = hasText
        ? library.searchText(q.text(), q.topKOrDefault(), filter, q.segmentsWanted())
        : library.searchSimilar(q.trackId(), q.topKOrDefault(), filter, q.segmentsWanted());
    return LibraryJson.SearchResultJson.of(library.bundleId(), hits);
  }

  /** Sound-alike search: part {@code file} (a clip), optional part {@code metadata} with top_k, filters, segments. */
  @PostMapping(path = "/audio", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public LibraryJson.SearchResultJson searchAudio(
      @RequestPart("file") MultipartFile file, @RequestPart(value = "metadata", required = false) String metadata) {
    LibraryJson.SearchJson q = metadata == null || metadata.isBlank()
        ? new LibraryJson.SearchJson(null, null, null, null, null, null)
        : LibraryRequests.parse(json, metadata, LibraryJson.SearchJson.class);
    if (q.text() != null || q.trackId() != null) {
      throw new IllegalArgumentException("an audio search takes no text or track_id");
    }
    float[] waveform = decoder.decode(LibraryRequests.bytes(file), LibraryRequests.formatHint(file));
    return LibraryJson.SearchResultJson.of(library.bundleId(),
        library.searchAudio(waveform, q.topKOrDefault(), LibraryJson.FiltersJson.toFilter(q.filters()), q.segmentsWanted()));
  }
}
