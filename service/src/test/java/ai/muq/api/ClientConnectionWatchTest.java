package ai.muq.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Reading the kernel's connection tables, and noticing a real client that closes its socket. */
class ClientConnectionWatchTest {

  @Test
  void parsesIpv4AndMappedIpv6Lines() throws Exception {
    List<String> tcp = List.of(
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0",
        "   1: 0100007F:1F90 0100007F:D431 08 00000000:00000000 00:00000000 00000000     0        0 2 1 0 20 4 30 10 -1");
    Map<ClientConnectionWatch.Connection, Integer> v4 = ClientConnectionWatch.parse(tcp);
    assertThat(v4).containsEntry(
        new ClientConnectionWatch.Connection(8080, InetAddress.getByName("127.0.0.1"), 0xD431), ClientConnectionWatch.STATE_CLOSE_WAIT);
    List<String> tcp6 = List.of(
        "  sl  local_address                         remote_address                        st",
        "   0: 00000000000000000000000000000000:1F90 0000000000000000FFFF00000F02000A:C350 01 0 0 0 0 0 0 0 0");
    Map<ClientConnectionWatch.Connection, Integer> v6 = ClientConnectionWatch.parse(tcp6);
    // ::ffff:10.0.2.15 is reported as the IPv4 address Tomcat gives for the same client
    assertThat(v6).containsEntry(
        new ClientConnectionWatch.Connection(8080, InetAddress.getByName("10.0.2.15"), 50000), ClientConnectionWatch.STATE_ESTABLISHED);
  }

  @Test
  void aClientThatClosesItsSocketIsNoticedAndOneThatStaysIsNot() throws Exception {
    Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "no /proc/net/tcp (not Linux): detection is off here");
    try (ClientConnectionWatch watch = ClientConnectionWatch.linux(Duration.ofMillis(20));
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      assertThat(watch.enabled()).isTrue();
      Socket leaving = new Socket(server.getInetAddress(), server.getLocalPort());
      Socket leavingServerSide = server.accept();
      Socket staying = new Socket(server.getInetAddress(), server.getLocalPort());
      Socket stayingServerSide = server.accept();
      AtomicBoolean leavingGone = new AtomicBoolean();
      AtomicBoolean stayingGone = new AtomicBoolean();
      try (AutoCloseable a = watch.watch(server.getLocalPort(), leavingServerSide.getInetAddress().getHostAddress(),
              leavingServerSide.getPort(), leavingGone);
          AutoCloseable b = watch.watch(server.getLocalPort(), stayingServerSide.getInetAddress().getHostAddress(),
              stayingServerSide.getPort(), stayingGone)) {
        Thread.sleep(200);
        assertThat(leavingGone).isFalse();
        leaving.close();
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (!leavingGone.get() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(leavingGone).as("closed client noticed").isTrue();
        assertThat(stayingGone).as("open client left alone").isFalse();
      } finally {
        staying.close();
        leavingServerSide.close();
        stayingServerSide.close();
      }
    }
  }
}
