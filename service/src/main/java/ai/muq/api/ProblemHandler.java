package ai.muq.api;

import ai.muq.audio.AudioException;
import ai.muq.inference.InferenceTimeoutException;
import ai.muq.inference.QueueFullException;
import ai.muq.bundle.TextTooLongException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CancellationException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception into an RFC 9457 problem with a stable type. Caller mistakes are 4xx with
 * a readable detail; anything unexpected is a 500 whose detail names only the request id (the
 * stack trace goes to the log, never to the caller).
 */
@RestControllerAdvice
public class ProblemHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

  static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

  @ExceptionHandler(ApiException.class)
  ResponseEntity<Problem> api(ApiException e, HttpServletRequest req) {
    return problem(e.type(), e.getMessage(), e.retryAfterSeconds(), req);
  }

  @ExceptionHandler(AudioException.class)
  ResponseEntity<Problem> audio(AudioException e, HttpServletRequest req) {
    return problem(ProblemType.of(e.kind()), e.getMessage(), null, req);
  }

  @ExceptionHandler(QueueFullException.class)
  ResponseEntity<Problem> queueFull(QueueFullException e, HttpServletRequest req) {
    return problem(ProblemType.OVERLOADED, e.getMessage() + "; retry later", e.retryAfterSeconds(), req);
  }

  @ExceptionHandler(InferenceTimeoutException.class)
  ResponseEntity<Problem> timeout(InferenceTimeoutException e, HttpServletRequest req) {
    return problem(ProblemType.TIMEOUT, e.getMessage(), 1L, req);
  }

  @ExceptionHandler(ai.muq.inference.ClientGoneException.class)
  ResponseEntity<Problem> clientGone(ai.muq.inference.ClientGoneException e, HttpServletRequest req) {
    log.info("{}", e.getMessage()); // nobody reads the answer; the log and muq.inference.cancelled say it
    return problem(ProblemType.TIMEOUT, "the request was cancelled: the client closed the connection", 1L, req);
  }

  @ExceptionHandler(CancellationException.class)
  ResponseEntity<Problem> cancelled(CancellationException e, HttpServletRequest req) {
    return problem(ProblemType.TIMEOUT, "the request was cancelled", 1L, req);
  }

  @ExceptionHandler(TextTooLongException.class)
  ResponseEntity<Problem> textTooLong(TextTooLongException e, HttpServletRequest req) {
    return problem(ProblemType.TEXT_TOO_LONG, e.getMessage(), null, req);
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getClass().getSimpleName().equals("StreamConstraintsException")) {
        return problem(ProblemType.PAYLOAD_TOO_LARGE,
            "a value in the request body exceeds the size limit", null, req);
      }
    }
    String detail = e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")
        ? "the request body is missing"
        : "the request body is not valid JSON of the expected shape" + jsonLocation(e);
    return problem(ProblemType.MALFORMED_REQUEST, detail, null, req);
  }

  /** The JSON path of a binding failure (field names only, no class names), if Jackson gave one. */
  private static String jsonLocation(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof tools.jackson.databind.DatabindException de && !de.getPath().isEmpty()) {
        StringBuilder sb = new StringBuilder(" (at ");
        for (tools.jackson.core.JacksonException.Reference r : de.getPath()) {
          sb.append(r.getPropertyName() != null ? "/" + r.getPropertyName() : "/" + r.getIndex());
        }
        return sb.append(")").toString();
      }
    }
    return "";
  }

  /** Tomcat could not decode a query or form parameter (bad percent-encoding or invalid UTF-8). */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<Problem> undecodableParameter(InvalidParameterException e, HttpServletRequest req) {
    return problem(ProblemType.MALFORMED_REQUEST,
        "a query or form parameter is not valid percent-encoded UTF-8", null, req);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest req) {
    return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
        "content type " + e.getContentType() + " is not accepted here; use "
            + e.getSupportedMediaTypes(), null, req);
  }

  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest req) {
    return problem(ProblemType.NOT_ACCEPTABLE,
        "no acceptable representation; this endpoint gives " + e.getSupportedMediaTypes(), null, req);
  }

  @ExceptionHandler(MissingServletRequestPartException.class)
  ResponseEntity<Problem> missingPart(MissingServletRequestPartException e, HttpServletRequest req) {
    return problem(ProblemType.MALFORMED_REQUEST,
        "the multipart part '" + e.getRequestPartName() + "' is missing", null, req);
  }

  @ExceptionHandler(MissingServletRequestParameterException.class)
  ResponseEntity<Problem> missingParam(MissingServletRequestParameterException e, HttpServletRequest req) {
    return problem(ProblemType.MALFORMED_REQUEST,
        "the parameter '" + e.getParameterName() + "' is missing", null, req);
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest req) {
    return problem(ProblemType.INVALID_PARAMETER,
        "the parameter '" + e.getName() + "' has an invalid value", null, req);
  }

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  ResponseEntity<Problem> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest req) {
    return problem(ProblemType.PAYLOAD_TOO_LARGE, "the upload exceeds the size limit", null, req);
  }

  @ExceptionHandler(MultipartException.class)
  ResponseEntity<Problem> multipart(MultipartException e, HttpServletRequest req) {
    return problem(ProblemType.MALFORMED_REQUEST,
        "the request is not a readable multipart/form-data body", null, req);
  }

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<Problem> notFound(Exception e, HttpServletRequest req) {
    return problem(ProblemType.NOT_FOUND, "no such resource: " + req.getRequestURI(), null, req);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<Problem> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
    return problem(ProblemType.METHOD_NOT_ALLOWED,
        "method " + e.getMethod() + " is not allowed here", null, req);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Problem> internal(Exception e, HttpServletRequest req) {
    log.error("unexpected failure on {} {}", req.getMethod(), req.getRequestURI(), e);
    return problem(ProblemType.INTERNAL,
        "an internal error occurred; quote request id " + RequestIds.current(req), null, req);
  }

  static ResponseEntity<Problem> problem(
      ProblemType t, String detail, Long retryAfter, HttpServletRequest req) {
    ResponseEntity.BodyBuilder b = ResponseEntity.status(t.status()).contentType(PROBLEM_JSON);
    if (retryAfter != null) {
      b.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
    }
    return b.body(Problem.of(t, detail, req.getRequestURI(), RequestIds.current(req)));
  }
}
