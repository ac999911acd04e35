package ai.muq.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** CORS and the optional Bearer API key for {@code /v1/**}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class WebConfig implements WebMvcConfigurer {

  private final ApiProperties props;

  public WebConfig(ApiProperties props) {
    this.props = props;
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    ApiProperties.Cors cors = props.cors();
    if (cors.allowedOrigins().isEmpty()) {
      return;
    }
    registry
        .addMapping("/v1/**")
        .allowedOrigins(cors.allowedOrigins().toArray(String[]::new))
        .allowedMethods(cors.allowedMethods().toArray(String[]::new))
        .allowedHeaders(cors.allowedHeaders().toArray(String[]::new))
        .exposedHeaders(RequestIds.HEADER, "Retry-After")
        .maxAge(cors.maxAgeSeconds());
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    if (props.key() == null || props.key().isBlank()) {
      return;
    }
    byte[] expected = ("Bearer " + props.key()).getBytes(StandardCharsets.UTF_8);
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public boolean preHandle(
                  HttpServletRequest request, HttpServletResponse response, Object handler) {
                if ("OPTIONS".equals(request.getMethod())) {
                  return true; // CORS preflight carries no credentials
                }
                String given = request.getHeader("Authorization");
                byte[] got = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
                if (!MessageDigest.isEqual(expected, got)) {
                  response.setHeader("WWW-Authenticate", "Bearer");
                  throw new ApiException(ProblemType.UNAUTHORIZED,
                      "a valid 'Authorization: Bearer <key>' header is required");
                }
                return true;
              }
            })
        .addPathPatterns("/v1/**")
        .excludePathPatterns("/v1/openapi.yaml");
  }
}
