package ai.muq.library.web;

import ai.muq.library.MetadataPatch;
import ai.muq.library.TrackLibrary;
import ai.muq.library.TrackPage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1/tracks}: add, read, list, patch and delete library tracks. */
@RestController
@RequestMapping("/v1/tracks")
public class TrackController {

  private final TrackLibrary library;
  private final JsonMapper json;

  public TrackController(TrackLibrary library, JsonMapper json) {
    this.library = library;
    this.json = json;
  }

  /**
   * Adds a track: part {@code file} (audio), optional part {@code metadata} (JSON). 201 when
   * created, 200 when the id existed (replaced, metadata updated or unchanged).
   */
  @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  public ResponseEntity<LibraryJson.AddTrackJson> add(
      @RequestPart("file") MultipartFile file, @RequestPart(value = "metadata", required = false) String metadata) {
    LibraryJson.TrackMetadataJson meta = metadata == null || metadata.isBlank()
        ? null
        : LibraryRequests.parse(json, metadata, LibraryJson.TrackMetadataJson.class);
    TrackLibrary.AddResult result = library.add(LibraryRequests.bytes(file), LibraryRequests.formatHint(file),
        meta == null ? null : meta.id(), meta == null ? null : meta.toMetadata());
    var body = new LibraryJson.AddTrackJson(result.outcome().name().toLowerCase(java.util.Locale.ROOT),
        LibraryJson.TrackJson.of(result.track()));
    return result.outcome() == TrackLibrary.Outcome.CREATED
        ? ResponseEntity.created(URI.create("/v1/tracks/" + result.track().id())).body(body)
        : ResponseEntity.ok(body);
  }

  @GetMapping("/{id}")
  public LibraryJson.TrackJson get(@PathVariable String id) {
    return LibraryJson.TrackJson.of(library.get(id));
  }

  /** Tracks in id order; pass {@code next_cursor} of a page as {@code cursor} to get the next. */
  @GetMapping
  public LibraryJson.TrackListJson list(
      @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String cursor) {
    TrackPage page = library.list(limit, cursor);
    return new LibraryJson.TrackListJson(page.tracks().stream().map(LibraryJson.TrackJson::of).toList(), page.nextCursor());
  }

  /** JSON merge patch of the metadata (null attribute values remove keys). */
  @PatchMapping(path = "/{id}", consumes = {MediaType.APPLICATION_JSON_VALUE, "application/merge-patch+json"})
  public LibraryJson.TrackJson patch(@PathVariable String id, @RequestBody String body) {
    LibraryJson.PatchJson p = LibraryRequests.parse(json, body, LibraryJson.PatchJson.class);
    return LibraryJson.TrackJson.of(library.patch(id, new MetadataPatch(p.title(), p.artist(), p.tags(), p.attributes())));
  }

  @DeleteMapping("/{id}")
  public ResponseEntity<Void> delete(@PathVariable String id) {
    library.delete(id);
    return ResponseEntity.noContent().build();
  }
}
