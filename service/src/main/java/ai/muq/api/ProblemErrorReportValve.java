package ai.muq.api;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.UUID;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's last word on an error, as problem+json instead of its HTML page. It answers what Tomcat
 * rejects before any servlet runs (a URL with an encoded slash, backslash or NUL, a malformed
 * request line, an oversized header, a missing Host header); errors inside the application reach
 * {@link ProblemErrorController} first. The detail is fixed per status, never Tomcat's message, so
 * no internals leak.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

  private static final Logger log = LoggerFactory.getLogger(ProblemErrorReportValve.class);

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    ProblemType type = ProblemErrorController.typeFor(status);
    String requestId = UUID.randomUUID().toString();
    log.info("request {} rejected by the container with {}: {}", requestId, status, response.getMessage());
    try {
      response.setContentType(ProblemHandler.PROBLEM_JSON.toString());
      response.setCharacterEncoding("UTF-8");
      response.setHeader(RequestIds.HEADER, requestId);
      PrintWriter w = response.getReporter();
      if (w != null) {
        // every value is ours (constants and a UUID): no escaping needed
        w.write("{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
            + ",\"detail\":\"" + ProblemErrorController.detailFor(status) + "\",\"request_id\":\"" + requestId + "\"}");
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      log.debug("could not write the problem answer of request {}", requestId, e);
    }
  }
}
