package ai.muq.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (the servlet container's own) also answer problem+json
 * instead of Spring Boot's default error body.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<Problem> error(HttpServletRequest req) {
    Object code = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    ProblemType t = switch (status) {
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
    Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    Problem p = new Problem(t.uri().toString(), t.title(), status,
        status >= 500 ? "an internal error occurred" : "the request could not be handled",
        uri == null ? null : uri.toString(), RequestIds.current(req));
    return ResponseEntity.status(status).contentType(ProblemHandler.PROBLEM_JSON).body(p);
  }
}
