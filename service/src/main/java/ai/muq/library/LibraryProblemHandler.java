package ai.muq.library;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** RFC 9457 problem responses of the library endpoints, with stable {@code type} URIs. */
// Before the service-wide ProblemHandler (which has a catch-all): this one only sees library controllers.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {TrackController.class, SearchController.class})
public class LibraryProblemHandler {

  static final String BASE = "https://muq.ai/problems/";

  @ExceptionHandler(TrackNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(TrackNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "track-not-found", "Track not found", e.getMessage());
  }

  @ExceptionHandler(TrackNotIndexedException.class)
  ResponseEntity<ProblemDetail> notIndexed(TrackNotIndexedException e) {
    return problem(HttpStatus.CONFLICT, "track-not-indexed-for-model", "Track embedded by another model", e.getMessage());
  }

  /** Syntax errors: unparsable JSON, a missing part or parameter, a parameter of the wrong type. */
  @ExceptionHandler({LibraryRequests.MalformedJsonException.class, HttpMessageNotReadableException.class,
      MissingServletRequestPartException.class, MissingServletRequestParameterException.class,
      MethodArgumentTypeMismatchException.class})
  ResponseEntity<ProblemDetail> badRequest(Exception e) {
    String detail = switch (e) { // Spring's messages of these two name Java types
      case MethodArgumentTypeMismatchException m -> "the parameter '" + m.getName() + "' has an invalid value";
      case HttpMessageNotReadableException m -> "the request body is not valid JSON of the expected shape";
      default -> e.getMessage();
    };
    return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
  }

  /** Well-formed requests that break an invariant (bad id, top_k out of range, bad cursor, ...). */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> unprocessable(IllegalArgumentException e) {
    return problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "Invalid request", e.getMessage());
  }

  @ExceptionHandler(UnreadableAudioException.class)
  ResponseEntity<ProblemDetail> audio(UnreadableAudioException e) {
    return switch (e.reason()) {
      case UNSUPPORTED_FORMAT -> problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-audio-format", "Unsupported audio format", e.getMessage());
      case CORRUPT, EMPTY -> problem(HttpStatus.UNPROCESSABLE_CONTENT, "unreadable-audio", "Unreadable audio", e.getMessage());
      case TOO_LARGE, TOO_LONG -> problem(HttpStatus.CONTENT_TOO_LARGE, "audio-too-large", "Audio too large", e.getMessage());
    };
  }

  /** The index backend (e.g. SolrCloud) is unreachable or degraded: retry later; embedding and tagging still work. */
  @ExceptionHandler(LibraryUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(LibraryUnavailableException e) {
    ResponseEntity<ProblemDetail> response =
        problem(HttpStatus.SERVICE_UNAVAILABLE, "library-unavailable", "Library temporarily unavailable", e.getMessage());
    long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
    return ResponseEntity.status(response.getStatusCode())
        .headers(response.getHeaders())
        .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(response.getBody());
  }

  static ResponseEntity<ProblemDetail> problem(HttpStatus status, String slug, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(URI.create(BASE + slug));
    body.setTitle(title);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
