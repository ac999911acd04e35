package ai.muq.api;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the contract, {@code api-spec/openapi.yaml}, byte for byte (the build copies it onto the
 * classpath as {@code api/openapi.yaml}).
 */
@RestController
public class OpenApiController {

  static final String RESOURCE = "api/openapi.yaml";
  private final byte[] spec;

  public OpenApiController() throws IOException {
    try (InputStream in = OpenApiController.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the contract " + RESOURCE + " is not on the classpath");
      }
      spec = in.readAllBytes();
    }
  }

  @GetMapping("/v1/openapi.yaml")
  public ResponseEntity<byte[]> spec() {
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(spec);
  }
}
