package ai.muq.solrcluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.cloud.MiniSolrCloudCluster;
import org.apache.solr.embedded.JettySolrRunner;

/**
 * Runs a real SolrCloud (embedded ZooKeeper and N Jetty Solr nodes from Solr's own test framework)
 * in this JVM, for tests of a client that must not share a classpath with Solr's Lucene 9.
 *
 * <p>Protocol on stdout (one line each): {@code READY <zkHost> <baseUrl1>,<baseUrl2>,...} once the
 * cluster is up, then {@code OK <command>} or {@code ERROR <message>} per command. Commands on
 * stdin: {@code stop-node <i>}, {@code start-node <i>} (same port again), {@code shutdown}. End of
 * stdin also shuts down, so the cluster never outlives the test JVM that reads its output.
 *
 * <p>Arguments: {@code <nodeCount> <baseDir>}.
 */
public final class SolrTestClusterLauncher {

  private SolrTestClusterLauncher() {}

  public static void main(String[] args) throws Exception {
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    Path baseDir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("solr-test-cluster");
    Files.createDirectories(baseDir);
    // stdout is the protocol channel; Solr's own chatter goes to stderr.
    PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    System.setOut(System.err);

    // Short inter-node timeouts (defaults are 90 s and more): a request that meets a node being
    // stopped fails fast instead of holding that node's shutdown for minutes.
    System.setProperty("socketTimeout", System.getProperty("socketTimeout", "10000"));
    System.setProperty("connTimeout", System.getProperty("connTimeout", "2000"));
    System.setProperty("distribUpdateConnTimeout", System.getProperty("distribUpdateConnTimeout", "2000"));
    System.setProperty("distribUpdateSoTimeout", System.getProperty("distribUpdateSoTimeout", "10000"));
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(nodes, baseDir).withMetrics(false).build();
    List<JettySolrRunner> runners = new ArrayList<>(cluster.getJettySolrRunners());
    List<String> urls = new ArrayList<>();
    for (JettySolrRunner runner : runners) {
      urls.add(runner.getBaseUrl().toString());
    }
    protocol.println("READY " + cluster.getZkServer().getZkAddress() + " " + String.join(",", urls));

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    try {
      while ((line = in.readLine()) != null) {
        String[] parts = line.trim().split("\\s+");
        try {
          switch (parts[0]) {
            case "stop-node" -> cluster.stopJettySolrRunner(runners.get(Integer.parseInt(parts[1])));
            case "start-node" -> {
              JettySolrRunner runner = runners.get(Integer.parseInt(parts[1]));
              cluster.startJettySolrRunner(runner, true);
              cluster.waitForNode(runner, 60);
            }
            case "shutdown" -> {
              protocol.println("OK shutdown");
              return;
            }
            default -> throw new IllegalArgumentException("unknown command " + line);
          }
          protocol.println("OK " + line.trim());
        } catch (Exception e) {
          protocol.println("ERROR " + e.toString().replace('\n', ' '));
        }
      }
    } finally {
      cluster.shutdown();
      System.exit(0);
    }
  }
}
