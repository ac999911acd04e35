package ai.muq.library.web;

import ai.muq.api.ProblemType;
import ai.muq.library.LibraryUnavailableException;
import ai.muq.library.TrackNotFoundException;
import ai.muq.library.TrackNotIndexedException;
import ai.muq.library.UnreadableAudioException;
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

/** RFC 9457 problem responses of the library endpoints, typed from the one {@link ProblemType} vocabulary. */
// Before the service-wide ProblemHandler (which has a catch-all): this one only sees library controllers.
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = {TrackController.class, SearchController.class})
public class LibraryProblemHandler {

  @ExceptionHandler(TrackNotFoundException.class)
  ResponseEntity<ProblemDetail> notFound(TrackNotFoundException e) {
    return problem(ProblemType.TRACK_NOT_FOUND, HttpStatus.NOT_FOUND, e.getMessage());
  }

  @ExceptionHandler(TrackNotIndexedException.class)
  ResponseEntity<ProblemDetail> notIndexed(TrackNotIndexedException e) {
    return problem(ProblemType.TRACK_NOT_INDEXED_FOR_MODEL, HttpStatus.CONFLICT, e.getMessage());
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
    return problem(ProblemType.INVALID_REQUEST, HttpStatus.BAD_REQUEST, detail);
  }

  /** Well-formed requests that break an invariant (bad id, top_k out of range, bad cursor, ...). */
  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<ProblemDetail> unprocessable(IllegalArgumentException e) {
    return problem(ProblemType.INVALID_REQUEST, HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
  }

  @ExceptionHandler(UnreadableAudioException.class)
  ResponseEntity<ProblemDetail> audio(UnreadableAudioException e) {
    ProblemType type = ProblemType.of(e.kind());
    return problem(type, HttpStatus.valueOf(type.status()), e.getMessage());
  }

  /** The index backend (e.g. SolrCloud) is unreachable or degraded: retry later; embedding and tagging still work. */
  @ExceptionHandler(LibraryUnavailableException.class)
  ResponseEntity<ProblemDetail> unavailable(LibraryUnavailableException e) {
    ResponseEntity<ProblemDetail> response =
        problem(ProblemType.LIBRARY_UNAVAILABLE, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
    return ResponseEntity.status(response.getStatusCode())
        .headers(response.getHeaders())
        .header(org.springframework.http.HttpHeaders.RETRY_AFTER, Long.toString(seconds))
        .body(response.getBody());
  }

  static ResponseEntity<ProblemDetail> problem(ProblemType type, HttpStatus status, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(type.uri());
    body.setTitle(type.title());
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
  }
}
