package ai.muq.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartException;

/**
 * Errors that never reach a controller (the servlet container's own, and exceptions thrown by
 * filters before the dispatcher) also answer problem+json instead of Spring Boot's default error
 * body. A filter that fails on the caller's bytes (an undecodable form or query parameter, a broken
 * multipart body) is the caller's mistake: 400, not 500.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<Problem> error(HttpServletRequest req) {
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    if (status >= 500 && isCallersMistake(req.getAttribute(RequestDispatcher.ERROR_EXCEPTION))) {
      status = 400;
    }
    ProblemType t = typeFor(status);
    Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Problem p = new Problem(t.uri().toString(), t.title(), status, detailFor(status),
        uri == null ? null : uri.toString(), RequestIds.current(req));
    return ResponseEntity.status(status).contentType(ProblemHandler.PROBLEM_JSON).body(p);
  }

  /** The problem type of a bare status code, when nothing more is known. */
  static ProblemType typeFor(int status) {
    return switch (status) {
      case 400 -> ProblemType.MALFORMED_REQUEST;
      case 401 -> ProblemType.UNAUTHORIZED;
      case 404 -> ProblemType.NOT_FOUND;
      case 405 -> ProblemType.METHOD_NOT_ALLOWED;
      case 406 -> ProblemType.NOT_ACCEPTABLE;
      case 413 -> ProblemType.PAYLOAD_TOO_LARGE;
      case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
      case 503 -> ProblemType.OVERLOADED;
      default -> status >= 400 && status < 500 ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL;
    };
  }

  /** A fixed, readable detail per status: the container's own messages are not shown to callers. */
  static String detailFor(int status) {
    return switch (status) {
      case 400 -> "the request is not valid HTTP: check the URL and its percent-encoding (no encoded slash,"
          + " backslash or NUL), the header sizes and the body's encoding";
      case 405 -> "this method is not allowed here";
      case 413 -> "the request is too large";
      default -> status >= 500 ? "an internal error occurred" : "the request could not be handled";
    };
  }

  /** Whether an exception raised outside the controllers was caused by undecodable request bytes. */
  static boolean isCallersMistake(Object exception) {
    for (Throwable c = exception instanceof Throwable t ? t : null; c != null; c = c.getCause()) {
      if (c instanceof InvalidParameterException || c instanceof HttpMessageNotReadableException
          || c instanceof MultipartException) {
        return true;
      }
    }
    return false;
  }
}
