package ai.muq.api;

import ai.muq.inference.RequestCancellation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every {@code POST /v1/**} request (the ones that run models) a {@link RequestCancellation}
 * scope whose flag {@link ClientConnectionWatch} sets when the client closes its connection: the
 * request then stops waiting and its queued model work is dropped.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class ClientGoneFilter extends OncePerRequestFilter implements DisposableBean {

  private final ClientConnectionWatch watch;

  public ClientGoneFilter(ApiProperties props) {
    this.watch = ClientConnectionWatch.linux(props.clientGoneCheckInterval());
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !request.getRequestURI().startsWith("/v1/");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    AtomicBoolean gone = RequestCancellation.open();
    try (ClientConnectionWatch.Watching watching =
        watch.watch(request.getLocalPort(), request.getRemoteAddr(), request.getRemotePort(), gone)) {
      chain.doFilter(request, response);
    } finally {
      RequestCancellation.close();
    }
  }

  /** Whether disconnects are detected on this machine (Linux connection tables readable). */
  public boolean detecting() {
    return watch.enabled();
  }

  @Override
  public void destroy() {
    watch.close();
  }
}
