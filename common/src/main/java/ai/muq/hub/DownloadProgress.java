package ai.muq.hub;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Reports a download's progress. {@link #bar(PrintStream)} draws a one-line bar on a terminal
 * (stderr); {@link #lines(java.util.function.Consumer)} writes a line every 10% for logs.
 */
public interface DownloadProgress {

  /** A download of {@code file} begins; {@code done} bytes are already there (resume). */
  void start(String file, long total, long done);

  /** {@code done} bytes of the file are on disk. */
  void update(long done);

  /** The file is complete. */
  void finish();

  /** A bar redrawn in place (at most 5 times a second), ended by a newline. */
  static DownloadProgress bar(PrintStream out) {
    return new DownloadProgress() {
      String name;
      long total;
      long startBytes;
      long startNanos;
      long lastDraw;

      @Override
      public void start(String file, long t, long done) {
        name = file;
        total = t;
        startBytes = done;
        startNanos = System.nanoTime();
        lastDraw = 0;
        draw(done);
      }

      @Override
      public void update(long done) {
        long now = System.nanoTime();
        if (now - lastDraw > 200_000_000L) {
          lastDraw = now;
          draw(done);
        }
      }

      @Override
      public void finish() {
        draw(total);
        out.println();
        out.flush();
      }

      private void draw(long done) {
        int width = 30;
        double frac = total > 0 ? Math.min(1.0, (double) done / total) : 1.0;
        int filled = (int) Math.round(frac * width);
        double secs = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double rate = (done - startBytes) / secs;
        out.printf(Locale.ROOT, "\r%-24s [%s%s] %3d%% %s / %s %s/s", name, "#".repeat(filled),
            " ".repeat(width - filled), (int) (frac * 100), human(done), human(total), human((long) rate));
        out.flush();
      }
    };
  }

  /** One line at the start, every 10% and at the end, for a log. */
  static DownloadProgress lines(java.util.function.Consumer<String> log) {
    return new DownloadProgress() {
      String name;
      long total;
      int lastTenth;

      @Override
      public void start(String file, long t, long done) {
        name = file;
        total = t;
        lastTenth = tenth(done);
        log.accept("downloading " + file + " (" + human(t) + (done > 0 ? ", resuming at " + human(done) : "") + ")");
      }

      @Override
      public void update(long done) {
        int tenth = tenth(done);
        if (tenth > lastTenth && tenth < 10) {
          lastTenth = tenth;
          log.accept("downloading " + name + ": " + tenth * 10 + "% of " + human(total));
        }
      }

      @Override
      public void finish() {
        log.accept("downloaded " + name + " (" + human(total) + ")");
      }

      private int tenth(long done) {
        return total > 0 ? (int) (10 * done / total) : 10;
      }
    };
  }

  /** Bytes for people: 512 B, 1.2 MB, 2.61 GB. */
  static String human(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : "%.1f %s", v, units[u]);
  }
}
