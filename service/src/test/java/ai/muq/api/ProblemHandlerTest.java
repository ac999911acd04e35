package ai.muq.api;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.audio.AudioException;
import ai.muq.inference.InferenceTimeoutException;
import ai.muq.inference.QueueFullException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The mappings that the end-to-end tests cannot provoke cheaply: overload and timeouts. */
class ProblemHandlerTest {

  final ProblemHandler handler = new ProblemHandler();
  final MockHttpServletRequest req = new MockHttpServletRequest("POST", "/v1/embeddings");

  @Test
  void fullQueueIs503WithRetryAfter() {
    var r = handler.queueFull(new QueueFullException("m", 2), req);
    assertThat(r.getStatusCode().value()).isEqualTo(503);
    assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("2");
    assertThat(r.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(r.getBody().type()).isEqualTo("https://muq.ai/problems/overloaded");
    assertThat(r.getBody().instance()).isEqualTo("/v1/embeddings");
  }

  @Test
  void timeoutIs503WithRetryAfter() {
    var r = handler.timeout(new InferenceTimeoutException("m", Duration.ofSeconds(1)), req);
    assertThat(r.getStatusCode().value()).isEqualTo(503);
    assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    assertThat(r.getBody().type()).isEqualTo("https://muq.ai/problems/timeout");
  }

  @Test
  void audioKindsMapToTheirStatus() {
    for (AudioException.Kind k : AudioException.Kind.values()) {
      var r = handler.audio(new AudioException(k, "x"), req);
      assertThat(r.getStatusCode().value()).isEqualTo(k.httpStatus());
    }
  }

  @Test
  void unexpectedFailuresHideTheirInternals() {
    var r = handler.internal(new IllegalStateException("secret internal state"), req);
    assertThat(r.getStatusCode().value()).isEqualTo(500);
    assertThat(r.getBody().detail()).doesNotContain("secret");
  }
}
