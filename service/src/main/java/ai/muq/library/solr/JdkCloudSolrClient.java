package ai.muq.library.solr;

import ai.muq.library.LibraryUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.BaseHttpClusterStateProvider;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.impl.ClusterStateProvider;
import org.apache.solr.client.solrj.impl.HttpJdkSolrClient;
import org.apache.solr.client.solrj.impl.LBSolrClient;
import org.apache.solr.client.solrj.impl.ZkClientClusterStateProvider;

/**
 * A SolrCloud-aware client (routes updates to shard leaders, fails over between replicas, follows
 * cluster state) whose HTTP transport is SolrJ's {@link HttpJdkSolrClient} on the JDK's own HTTP
 * client. SolrJ 9's ready-made cloud client ({@code CloudHttp2SolrClient}) is tied to a Jetty 10
 * HTTP client, which cannot live beside Spring Boot's Jetty 12; {@link CloudSolrClient} is the
 * documented extension point and only needs a load balancer and a cluster-state provider.
 *
 * <p>Cluster state comes from ZooKeeper ({@link ZkClientClusterStateProvider}) when ZooKeeper hosts
 * are given, otherwise from the cluster-status API of the given Solr nodes.
 */
final class JdkCloudSolrClient extends CloudSolrClient {

  private final JdkLoadBalancer loadBalancer;
  private final ClusterStateProvider stateProvider;

  private JdkCloudSolrClient(JdkLoadBalancer loadBalancer, ClusterStateProvider stateProvider) {
    // updates to shard leaders, in parallel per shard, falling back to any replica only if needed
    super(true, true, false);
    this.loadBalancer = loadBalancer;
    this.stateProvider = stateProvider;
  }

  /**
   * Connects to a cluster.
   *
   * @param zkHosts ZooKeeper host:port list, empty to use {@code solrUrls}
   * @param zkChroot ZooKeeper chroot of the cluster (e.g. "/solr"), null for none
   * @param solrUrls base URLs of some Solr nodes (e.g. http://solr:8983/solr), used without ZooKeeper
   * @param requestTimeout per-request timeout
   * @param retryAfter what to tell callers when the cluster cannot be reached
   * @throws LibraryUnavailableException when no cluster state can be read
   */
  static JdkCloudSolrClient connect(
      List<String> zkHosts, String zkChroot, List<String> solrUrls, Duration requestTimeout, Duration retryAfter) {
    return connect(zkHosts, zkChroot, solrUrls, requestTimeout, retryAfter, null);
  }

  /**
   * Connects to a cluster that may require Basic authentication.
   *
   * @param auth credentials sent with every Solr request, null for none
   */
  static JdkCloudSolrClient connect(
      List<String> zkHosts, String zkChroot, List<String> solrUrls, Duration requestTimeout, Duration retryAfter,
      BasicAuth auth) {
    JdkLoadBalancer loadBalancer = new JdkLoadBalancer(requestTimeout, auth);
    ClusterStateProvider provider;
    try {
      if (!zkHosts.isEmpty()) {
        ZkClientClusterStateProvider zk = new ZkClientClusterStateProvider(zkHosts, zkChroot);
        zk.connect();
        provider = zk;
      } else {
        provider = new JdkHttpClusterStateProvider(solrUrls, requestTimeout, auth);
      }
    } catch (Exception e) {
      loadBalancer.close();
      throw new LibraryUnavailableException("cannot read the SolrCloud cluster state: " + e.getMessage(), retryAfter, e);
    }
    return new JdkCloudSolrClient(loadBalancer, provider);
  }

  @Override
  protected LBSolrClient getLbClient() {
    return loadBalancer;
  }

  @Override
  public ClusterStateProvider getClusterStateProvider() {
    return stateProvider;
  }

  @Override
  public void close() throws IOException {
    try {
      stateProvider.close();
    } finally {
      loadBalancer.close();
      super.close();
    }
  }

  /** Credentials of Solr's Basic authentication plugin. */
  public record BasicAuth(String username, String password) {
    public BasicAuth {
      if (username == null || username.isBlank() || username.contains(":")) {
        throw new IllegalArgumentException("a Solr user name must be non-empty and without ':'");
      }
      password = password == null ? "" : password;
    }

    @Override
    public String toString() {
      return "BasicAuth[" + username + "]";
    }
  }

  static HttpJdkSolrClient httpClient(String baseUrl, Duration requestTimeout, BasicAuth auth) {
    HttpJdkSolrClient.Builder builder = new HttpJdkSolrClient.Builder(baseUrl)
        .withConnectionTimeout(Math.min(5_000, requestTimeout.toMillis()), TimeUnit.MILLISECONDS)
        .withRequestTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        // Solr's Jetty speaks HTTP/2 only over TLS; plain-text h2c upgrades are not worth a round trip.
        .useHttp1_1(true);
    if (auth != null) {
      builder.withBasicAuthCredentials(auth.username(), auth.password());
    }
    return builder.build();
  }

  /** Spreads requests over replica URLs; one JDK-based client per URL, reused. */
  private static final class JdkLoadBalancer extends LBSolrClient {
    private final Duration requestTimeout;
    private final BasicAuth auth;
    private final Map<String, HttpJdkSolrClient> clients = new ConcurrentHashMap<>();

    JdkLoadBalancer(Duration requestTimeout, BasicAuth auth) {
      super(List.of());
      this.requestTimeout = requestTimeout;
      this.auth = auth;
    }

    @Override
    protected SolrClient getClient(String baseUrl) {
      return clients.computeIfAbsent(baseUrl, url -> httpClient(url, requestTimeout, auth));
    }

    @Override
    protected SolrClient getClient(Endpoint endpoint) {
      return getClient(endpoint.getUrl());
    }

    @Override
    public void close() {
      clients.values().forEach(client -> {
        try {
          client.close();
        } catch (IOException ignored) {
          // closing an idle HTTP client; nothing to recover
        }
      });
      clients.clear();
      super.close();
    }
  }

  /** Cluster state from the Collections API of any reachable node, over the JDK client. */
  private static final class JdkHttpClusterStateProvider extends BaseHttpClusterStateProvider {
    private final Duration requestTimeout;
    private final BasicAuth auth;

    JdkHttpClusterStateProvider(List<String> solrUrls, Duration requestTimeout, BasicAuth auth) throws Exception {
      this.requestTimeout = requestTimeout;
      this.auth = auth;
      initConfiguredNodes(solrUrls);
    }

    @Override
    protected SolrClient getSolrClient(String baseUrl) {
      return httpClient(baseUrl, requestTimeout, auth);
    }
  }
}
