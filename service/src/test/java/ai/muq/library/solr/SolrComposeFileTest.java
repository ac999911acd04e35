package ai.muq.library.solr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/compose.solr.yaml cannot be started here (no images), so its structure is checked: a
 * SolrCloud node and two service replicas wired to it through the properties this backend reads.
 */
class SolrComposeFileTest {

  @Test
  @SuppressWarnings("unchecked")
  void composeFileRunsTwoReplicasOnOneSolrCloudCollection() throws Exception {
    Path file = Path.of("..", "docker", "compose.solr.yaml");
    Map<String, Object> compose;
    try (Reader reader = Files.newBufferedReader(file)) {
      compose = new Yaml(new LoaderOptions()).load(reader); // resolves the <<: *muq merge keys
    }
    Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services).containsOnlyKeys("solr", "muq-1", "muq-2");

    Map<String, Object> solr = services.get("solr");
    assertThat((String) solr.get("image")).contains("solr:9");
    assertThat((List<String>) solr.get("command")).contains("-c");
    assertThat((Map<String, Object>) solr.get("environment")).containsEntry("SOLR_HOST", "solr");

    for (String replica : List.of("muq-1", "muq-2")) {
      Map<String, Object> service = services.get(replica);
      Map<String, Object> env = (Map<String, Object>) service.get("environment");
      assertThat(env).containsEntry("MUQ_LIBRARY_BACKEND", "solr")
          .containsEntry("MUQ_LIBRARY_SOLR_BASE_URLS", "http://solr:8983/solr")
          .containsEntry("MUQ_LIBRARY_SOLR_COLLECTION", "muq-library");
      // relaxed binding of the environment names onto SolrLibrarySettings' properties
      assertThat(env.keySet()).filteredOn(k -> k.startsWith("MUQ_LIBRARY_SOLR_"))
          .allSatisfy(k -> assertThat(List.of("ZK_HOSTS", "ZK_CHROOT", "BASE_URLS", "COLLECTION", "SHARDS", "REPLICATION_FACTOR",
              "KNN_TOP_K", "MIN_REPLICATION_FACTOR", "REQUEST_TIMEOUT", "RETRY_AFTER", "BATCH_SIZE"))
              .contains(k.substring("MUQ_LIBRARY_SOLR_".length())));
      assertThat((Map<String, Object>) service.get("depends_on")).containsKey("solr");
    }
    assertThat(services.get("muq-1").get("ports")).isNotEqualTo(services.get("muq-2").get("ports"));
    assertThat(services.get("muq-1").get("image")).isEqualTo(services.get("muq-2").get("image"));
  }
}
