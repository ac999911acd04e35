package ai.muq.data;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** A one-line progress display (count, rate, ETA) redrawn on a stream, at most 5 times a second. */
public final class ProgressBar implements AutoCloseable {

  private final String label;
  private final String unit;
  private final long total;
  private final PrintStream out;
  private final long startNanos;
  private long done;
  private long lastDraw;

  public ProgressBar(String label, String unit, long total, PrintStream out) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0");
    }
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.out = out;
    this.startNanos = System.nanoTime();
  }

  /** Counts one more item done; thread-safe. */
  public synchronized void step() {
    done++;
    long now = System.nanoTime();
    if (done == total || now - lastDraw > 200_000_000L) {
      lastDraw = now;
      draw(now);
    }
  }

  /** Items per second so far. */
  public synchronized double rate() {
    double s = (System.nanoTime() - startNanos) / 1e9;
    return s <= 0 ? 0 : done / s;
  }

  private void draw(long now) {
    double seconds = (now - startNanos) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    long eta = rate > 0 ? Math.round((total - done) / rate) : 0;
    int width = 30;
    int filled = total == 0 ? width : (int) (width * done / total);
    out.print(
        String.format(
            Locale.ROOT,
            "\r%s [%s%s] %d/%d %.1f %s/s ETA %s ",
            label,
            "#".repeat(filled),
            "-".repeat(width - filled),
            done,
            total,
            rate,
            unit,
            format(Duration.ofSeconds(eta))));
    out.flush();
  }

  private static String format(Duration d) {
    return d.toHours() > 0
        ? String.format(Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart())
        : String.format(Locale.ROOT, "%dm%02ds", d.toMinutesPart(), d.toSecondsPart());
  }

  @Override
  public synchronized void close() {
    draw(System.nanoTime());
    out.println();
    out.flush();
  }
}
