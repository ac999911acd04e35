package ai.muq.api;

import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link ProblemErrorReportValve} in place of every other error report valve of the host, so
 * even requests Tomcat rejects before routing them answer problem+json. Runs after Spring Boot's
 * own customizer (which adds a plain ErrorReportValve) so it can replace it.
 */
@Configuration(proxyBeanMethods = false)
public class TomcatProblemConfig implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      Host host = (Host) context.getParent();
      if (host instanceof StandardHost standard) { // else it would add Tomcat's own valve when it starts
        standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
      }
      for (Valve v : host.getPipeline().getValves()) {
        if (v instanceof ErrorReportValve && !(v instanceof ProblemErrorReportValve)) {
          host.getPipeline().removeValve(v);
        }
      }
      host.getPipeline().addValve(new ProblemErrorReportValve());
    });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
