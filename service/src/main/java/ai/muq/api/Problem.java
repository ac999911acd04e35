package ai.muq.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document ({@code application/problem+json}).
 *
 * @param type stable problem type URI
 * @param title short summary of the type
 * @param status HTTP status
 * @param detail what went wrong with this request
 * @param instance the request path
 * @param requestId the request's id in the logs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    String type, String title, int status, String detail, String instance, String requestId) {

  public static Problem of(ProblemType t, String detail, String instance, String requestId) {
    return new Problem(t.uri().toString(), t.title(), t.status(), detail, instance, requestId);
  }
}
