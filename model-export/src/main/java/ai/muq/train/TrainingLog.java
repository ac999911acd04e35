package ai.muq.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/**
 * What a training run shows: a progress line on stderr (step, metrics, steps/s, ETA), every
 * step's metrics appended to {@code metrics.jsonl}, and PNG curves of each metric.
 */
public final class TrainingLog implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final long totalSteps;
  private final PrintStream console;
  private final BufferedWriter jsonl;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private final long startNanos = System.nanoTime();
  private final long startStep;
  private long lastPrint;

  public TrainingLog(Path dir, long startStep, long totalSteps, PrintStream console) throws IOException {
    this.dir = dir;
    this.startStep = startStep;
    this.totalSteps = totalSteps;
    this.console = console;
    Files.createDirectories(dir);
    Path f = dir.resolve("metrics.jsonl");
    if (startStep == 0) {
      Files.deleteIfExists(f);
    } else if (Files.exists(f)) {
      // A resumed run: keep what the first run logged up to the checkpoint, drop the rest.
      List<String> kept = new ArrayList<>();
      for (String line : Files.readAllLines(f)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = JSON.readValue(line, Map.class);
        long s = ((Number) row.get("step")).longValue();
        if (s > startStep) {
          continue;
        }
        kept.add(line);
        row.forEach((k, v) -> {
          if (!k.equals("step") && v instanceof Number n) {
            series.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {s, n.doubleValue()});
          }
        });
      }
      Files.write(f, kept);
    }
    jsonl = Files.newBufferedWriter(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }


  /** Records step (1-based count of steps done) with its metrics. */
  public void log(long step, Map<String, Double> metrics) throws IOException {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    metrics.forEach((k, v) -> {
      row.put(k, v);
      series.computeIfAbsent(k, x -> new ArrayList<>()).add(new double[] {step, v});
    });
    jsonl.write(JSON.writeValueAsString(row));
    jsonl.newLine();
    jsonl.flush();
    long now = System.nanoTime();
    if (now - lastPrint > 500_000_000L || step == totalSteps) {
      lastPrint = now;
      double secs = (now - startNanos) / 1e9;
      double rate = (step - startStep) / Math.max(secs, 1e-9);
      double eta = rate > 0 ? (totalSteps - step) / rate : 0;
      StringBuilder sb = new StringBuilder();
      int width = 24;
      int filled = (int) (width * step / Math.max(1, totalSteps));
      sb.append('\r').append('[').append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      sb.append(step).append('/').append(totalSteps);
      metrics.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(String.format("%.4g", v)));
      sb.append(String.format(" %.2f steps/s ETA %s", rate, duration(eta)));
      console.print(sb);
      if (step == totalSteps) {
        console.println();
      }
      console.flush();
    }
  }

  private static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
  }

  /** Writes one PNG per metric: {@code curve-NAME.png}. */
  public void plot() throws IOException {
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      // Non-finite values (a skipped update's gradient norm) are in metrics.jsonl, not in the plot.
      List<double[]> pts = e.getValue().stream().filter(p -> Double.isFinite(p[1])).toList();
      if (pts.isEmpty()) {
        continue;
      }
      double[] x = new double[pts.size()];
      double[] y = new double[pts.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = pts.get(i)[0];
        y[i] = pts.get(i)[1];
      }
      XYChart chart = new XYChartBuilder().width(800).height(450).title(e.getKey()).xAxisTitle("step").yAxisTitle(e.getKey()).build();
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setMarkerSize(0);
      chart.addSeries(e.getKey(), x, y);
      BitmapEncoder.saveBitmap(chart, dir.resolve("curve-" + e.getKey().replaceAll("[^A-Za-z0-9_-]", "_")).toString(), BitmapEncoder.BitmapFormat.PNG);
    }
  }

  @Override
  public void close() throws IOException {
    jsonl.close();
    plot();
  }
}
