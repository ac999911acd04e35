package ai.muq.library.solr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.junit.jupiter.api.Test;

/**
 * Solr's Basic authentication: the credentials of {@code muq.library.solr.username/password} go
 * out with every request (checked on a local HTTP endpoint that records the header), and never
 * into logs through the settings' {@code toString}.
 */
class SolrBasicAuthTest {

  @Test
  void everyRequestCarriesTheBasicAuthorizationHeader() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.sendResponseHeaders(401, -1); // what Solr answers to a wrong password
      exchange.close();
    });
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/solr";
    try (HttpJdkSolrClient withAuth = JdkCloudSolrClient.httpClient(url, Duration.ofSeconds(5),
            new JdkCloudSolrClient.BasicAuth("muq", "s3cret"));
        HttpJdkSolrClient open = JdkCloudSolrClient.httpClient(url, Duration.ofSeconds(5), null)) {
      assertThatThrownBy(() -> withAuth.query("lib", new SolrQuery("*:*"))).isInstanceOf(Exception.class);
      assertThatThrownBy(() -> open.query("lib", new SolrQuery("*:*"))).isInstanceOf(Exception.class);
    } finally {
      server.stop(0);
    }
    String expected = "Basic " + Base64.getEncoder().encodeToString("muq:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(seen).containsExactly(expected, "null");
  }

  @Test
  void settingsBindCredentialsAndHideThePassword() {
    SolrLibrarySettings settings = new SolrLibrarySettings(List.of("zk:2181"), "/solr", null, "lib", 2, 2,
        null, null, null, null, null, "muq", "s3cret");
    assertThat(settings.basicAuth()).isEqualTo(new JdkCloudSolrClient.BasicAuth("muq", "s3cret"));
    assertThat(settings.toString()).contains("username=muq").doesNotContain("s3cret");
    assertThat(settings.basicAuth().toString()).doesNotContain("s3cret");
    SolrLibrarySettings open = new SolrLibrarySettings(List.of("zk:2181"), null, null, null, null, null,
        null, null, null, null, null, "", "ignored");
    assertThat(open.basicAuth()).isNull();
  }
}
