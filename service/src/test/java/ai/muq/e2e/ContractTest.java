package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.api.ProblemType;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.yaml.snakeyaml.Yaml;

/**
 * The served API does not drift from the contract api-spec/openapi.yaml: the contract is served
 * byte for byte, every /v1 endpoint the app maps is in the contract and every operation of the
 * contract is mapped (the library operations included), and the problem types
 * the contract documents are exactly the ones the code uses.
 */
class ContractTest extends EndToEndBase {

  static final Path CONTRACT = Path.of("../api-spec/openapi.yaml");
  static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  @SuppressWarnings("unchecked")
  static Map<String, Object> contract() throws Exception {
    return new Yaml().load(Files.readString(CONTRACT));
  }

  @Test
  void servesTheContractByteForByte() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri("/v1/openapi.yaml")).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(Files.readAllBytes(CONTRACT));
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/yaml");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mappedEndpointsEqualTheContractOperations() throws Exception {
    Map<String, Object> paths = (Map<String, Object>) contract().get("paths");
    Set<String> contractOps = new TreeSet<>();
    Set<String> libraryOps = new TreeSet<>();
    for (var p : paths.entrySet()) {
      for (var op : ((Map<String, Object>) p.getValue()).entrySet()) {
        if (!HTTP_METHODS.contains(op.getKey())) {
          continue;
        }
        String key = op.getKey().toUpperCase() + " " + p.getKey();
        contractOps.add(key);
        List<String> tags = (List<String>) ((Map<String, Object>) op.getValue()).get("tags");
        if (tags != null && tags.contains("library")) {
          libraryOps.add(key);
        }
      }
    }
    Set<String> served = new TreeSet<>();
    mappings.getHandlerMethods().forEach((info, method) -> {
      for (String pattern : info.getPatternValues()) {
        if (pattern.startsWith("/v1/")) {
          info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + pattern));
        }
      }
    });
    assertThat(contractOps).as("operations in the contract").isNotEmpty();
    assertThat(served).as("endpoints served but missing from the contract").isSubsetOf(contractOps);
    Set<String> expected = new TreeSet<>(contractOps);
    assertThat(libraryOps).as("library operations in the contract").isNotEmpty();
    assertThat(served).as("contract operations the app serves").containsAll(expected);
  }

  @Test
  @SuppressWarnings("unchecked")
  void documentedProblemTypesAreExactlyTheOnesInUse() throws Exception {
    Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) contract().get("components")).get("schemas");
    String doc = (String) ((Map<String, Object>) schemas.get("Problem")).get("description");
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("`(https://muq\\.ai/problems/[a-z-]+)` \\((\\d{3})").matcher(doc);
    Set<String> documentedWithStatus = new TreeSet<>();
    while (m.find()) {
      documented.add(m.group(1));
      documentedWithStatus.add(m.group(1) + " " + m.group(2));
    }
    Set<String> inCode = new TreeSet<>();
    Set<String> inCodeWithStatus = new TreeSet<>();
    Arrays.stream(ProblemType.values()).forEach(t -> {
      inCode.add(t.uri().toString());
      inCodeWithStatus.add(t.uri() + " " + t.status());
    });
    assertThat(documented).isEqualTo(inCode);
    assertThat(documentedWithStatus).isEqualTo(inCodeWithStatus);
  }

  /**
   * Every operation lists the problem types it can answer ({@code x-problem-types}, which
   * ApiFuzzTest holds the service to), and each listed type is one the Problem schema documents.
   */
  @Test
  @SuppressWarnings("unchecked")
  void everyOperationListsDocumentedProblemTypes() throws Exception {
    OpenApiContract c = OpenApiContract.load();
    String doc = (String) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) contract()
        .get("components")).get("schemas")).get("Problem")).get("description");
    assertThat(c.unmatchedProblemTypes).as("top-level x-problem-types").isNotEmpty();
    for (OpenApiContract.Operation op : c.operations) {
      assertThat(op.problemTypes()).as("x-problem-types of " + op).isNotEmpty();
      for (String type : op.problemTypes()) {
        assertThat(doc).as(op + " lists " + type).contains(type.substring(OpenApiContract.PREFIX.length()));
      }
    }
    c.unmatchedProblemTypes.forEach(t -> assertThat(doc).contains(t.substring(OpenApiContract.PREFIX.length())));
  }
}
