package ai.muq.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that closed their connection while their request is still being served, so the
 * request's queued model work can be dropped.
 *
 * <p>Why the kernel's table: a blocking servlet request reads nothing more from its socket once
 * the body is in, so neither Tomcat nor the application learns of a closed connection before it
 * writes the answer. Linux does know: the server side of a connection the client closed (FIN) is in
 * state CLOSE_WAIT, and one the client reset is gone from the table. Every {@code interval} this
 * reads {@code /proc/net/tcp} and {@code /proc/net/tcp6} (the process's network namespace, so also
 * inside a container) and sets the flag of every watched connection in one of those states. Where
 * the files do not exist (not Linux) watching is off and requests simply run to their timeout.
 */
public final class ClientConnectionWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClientConnectionWatch.class);
  static final int STATE_ESTABLISHED = 0x01;
  static final int STATE_CLOSE_WAIT = 0x08;

  /** The watch of one connection; closing it ends the watch. */
  public interface Watching extends AutoCloseable {
    @Override
    void close();
  }

  /** A TCP connection as the server sees it. */
  record Connection(int localPort, InetAddress remote, int remotePort) {}

  private static final class Watched {
    final AtomicBoolean gone;
    volatile boolean seen;

    Watched(AtomicBoolean gone) {
      this.gone = gone;
    }
  }

  private final List<Path> tables;
  private final Map<Connection, Watched> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final boolean enabled;

  /**
   * @param interval time between two reads of the connection table; zero disables watching
   * @param tables the kernel's connection tables ({@code /proc/net/tcp}, {@code /proc/net/tcp6})
   */
  public ClientConnectionWatch(Duration interval, List<Path> tables) {
    this.tables = List.copyOf(tables);
    this.enabled = !interval.isZero() && tables.stream().anyMatch(Files::isReadable);
    if (!enabled) {
      log.info("client disconnect detection is off ({}): requests of departed clients run to their timeout",
          interval.isZero() ? "interval 0" : "no readable " + tables);
      timer = null;
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("client-connection-watch").daemon(true).factory());
    timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static ClientConnectionWatch linux(Duration interval) {
    return new ClientConnectionWatch(interval, List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")));
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * Watches one connection until the returned handle is closed; {@code gone} becomes true when the
   * client has closed or reset it.
   */
  public Watching watch(int localPort, String remoteAddress, int remotePort, AtomicBoolean gone) {
    if (!enabled) {
      return () -> {};
    }
    Connection c;
    try {
      c = new Connection(localPort, normalise(InetAddress.getByName(remoteAddress)), remotePort);
    } catch (UnknownHostException e) {
      return () -> {}; // not a literal address (a proxy's made-up name): nothing to watch
    }
    watched.put(c, new Watched(gone));
    return () -> watched.remove(c);
  }

  void check() {
    if (watched.isEmpty()) {
      return;
    }
    try {
      Map<Connection, Integer> states = new HashMap<>();
      for (Path table : tables) {
        if (Files.isReadable(table)) {
          states.putAll(parse(Files.readAllLines(table)));
        }
      }
      watched.forEach((c, w) -> {
        Integer state = states.get(c);
        if (state == null) {
          if (w.seen) {
            w.gone.set(true); // reset by the client: the kernel dropped the connection
          }
        } else if (state == STATE_CLOSE_WAIT) {
          w.gone.set(true);
        } else {
          w.seen = true;
        }
      });
    } catch (IOException | RuntimeException e) {
      log.debug("cannot read the connection table: {}", e.toString());
    }
  }

  /** Connections by state, from the lines of a {@code /proc/net/tcp} or {@code tcp6} file. */
  static Map<Connection, Integer> parse(List<String> lines) {
    Map<Connection, Integer> out = new HashMap<>();
    for (String line : lines) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 4 || !f[0].endsWith(":")) {
        continue; // the header
      }
      try {
        int localPort = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
        String remote = f[2];
        InetAddress address = normalise(InetAddress.getByAddress(kernelBytes(remote.substring(0, remote.indexOf(':')))));
        int remotePort = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
        out.put(new Connection(localPort, address, remotePort), Integer.parseInt(f[3], 16));
      } catch (RuntimeException | UnknownHostException e) {
        // a line in an unexpected format: skip it
      }
    }
    return out;
  }

  /** The kernel prints addresses as 32-bit words in host (little-endian) byte order. */
  static byte[] kernelBytes(String hex) {
    byte[] b = new byte[hex.length() / 2];
    for (int word = 0; word < b.length / 4; word++) {
      for (int i = 0; i < 4; i++) {
        int at = (word * 4 + (3 - i)) * 2;
        b[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    return b;
  }

  /** IPv4-mapped IPv6 addresses (a dual-stack socket's view of an IPv4 client) as IPv4. */
  static InetAddress normalise(InetAddress a) throws UnknownHostException {
    byte[] b = a.getAddress();
    if (b.length == 16) {
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= b[i] == 0;
      }
      if (mapped && b[10] == (byte) 0xff && b[11] == (byte) 0xff) {
        return InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
      }
    }
    return InetAddress.getByAddress(b);
  }

  /** The connections watched now (tests). */
  Set<Connection> watchedConnections() {
    return Set.copyOf(watched.keySet());
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
