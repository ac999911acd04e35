package ai.muq.library.solr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real two-node SolrCloud with embedded ZooKeeper, run by {@code ai.muq.solrcluster.SolrTestClusterLauncher}
 * in a separate JVM (its Lucene 9 and Jetty 10 must not meet this classpath). One cluster serves all
 * Solr tests of a test run; it stops when the test JVM exits (the launcher quits at end of stdin).
 */
public final class SolrTestCluster {

  private static SolrTestCluster shared;

  private final Process process;
  private final BufferedReader out;
  private final Writer in;
  private final String zkAddress;
  private final List<String> baseUrls;

  private SolrTestCluster(Process process, BufferedReader out, Writer in, String zkAddress, List<String> baseUrls) {
    this.process = process;
    this.out = out;
    this.in = in;
    this.zkAddress = zkAddress;
    this.baseUrls = baseUrls;
  }

  /** The cluster of this test run, started on first use (about 15 s on a 2-core VM). */
  public static synchronized SolrTestCluster shared() {
    if (shared == null) {
      shared = start(2);
      Runtime.getRuntime().addShutdownHook(new Thread(shared::shutdown));
    }
    return shared;
  }

  private static SolrTestCluster start(int nodes) {
    Path dir = Path.of(System.getProperty("muq.solr-test-cluster.dir", "../solr-test-cluster/target")).toAbsolutePath().normalize();
    Path lib = dir.resolve("lib");
    if (!Files.isDirectory(lib) || !Files.isDirectory(dir.resolve("classes"))) {
      throw new IllegalStateException("SolrCloud test cluster not built: " + dir
          + " lacks classes/ and lib/ (build with ./mvnw -pl service -am so module solr-test-cluster comes first)");
    }
    try {
      Path base = Files.createTempDirectory("muq-solr-cluster");
      Path log = dir.resolve("solr-cluster.log");
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder = new ProcessBuilder(javaBin, "-Xmx512m", "-XX:+UseSerialGC",
          "-cp", dir.resolve("classes") + java.io.File.pathSeparator + lib + "/*",
          "ai.muq.solrcluster.SolrTestClusterLauncher", Integer.toString(nodes), base.toString())
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Process process = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      String ready = out.readLine();
      if (ready == null || !ready.startsWith("READY ")) {
        process.destroyForcibly();
        throw new IllegalStateException("SolrCloud test cluster did not start (see " + log + "): " + ready);
      }
      String[] parts = ready.split(" ");
      return new SolrTestCluster(process, out, in, parts[1], List.of(parts[2].split(",")));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start SolrCloud test cluster", e);
    }
  }

  /** ZooKeeper address with chroot, e.g. 127.0.0.1:40123/solr. */
  public String zkAddress() {
    return zkAddress;
  }

  public List<String> baseUrls() {
    return baseUrls;
  }

  public SolrLibrarySettings settings(String collection, int shards, int replicationFactor) {
    return SolrLibrarySettings.forZk(zkAddress, collection, shards, replicationFactor);
  }

  /** Stops Solr node {@code node} (0-based); its port stays reserved for {@link #startNode}. */
  public void stopNode(int node) {
    command("stop-node " + node);
  }

  /** Starts a stopped node again on its old port and waits until it is live. */
  public void startNode(int node) {
    command("start-node " + node);
  }

  private synchronized void command(String command) {
    try {
      in.write(command + "\n");
      in.flush();
      String reply = out.readLine();
      if (reply == null || !reply.equals("OK " + command)) {
        throw new IllegalStateException("cluster command '" + command + "' failed: " + reply);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cluster command '" + command + "' failed", e);
    }
  }

  private void shutdown() {
    try {
      in.write("shutdown\n");
      in.flush();
      in.close();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      process.destroyForcibly();
    }
  }
}
