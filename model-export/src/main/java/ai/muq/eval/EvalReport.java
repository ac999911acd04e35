package ai.muq.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Writes an evaluation's {@code metrics.json}, {@code report.md} and one PNG per probed label. */
public final class EvalReport {

  public static final String METRICS_FILE = "metrics.json";
  public static final String REPORT_FILE = "report.md";

  private EvalReport() {}

  /** The JSON mapper of reports: snake_case, indented. */
  public static ObjectMapper json() {
    return new ObjectMapper()
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** Writes the three kinds of files into {@code out}; returns the PNG files written. */
  public static List<Path> write(EvalResults r, Path out) throws IOException {
    Files.createDirectories(out);
    json().writeValue(out.resolve(METRICS_FILE).toFile(), r);
    List<Path> plots = new ArrayList<>();
    for (EvalResults.Probe p : r.probes()) {
      Path png = out.resolve("probe-" + p.label().replaceAll("[^A-Za-z0-9_-]", "_") + ".png");
      plot(p, png);
      plots.add(png);
    }
    Files.writeString(out.resolve(REPORT_FILE), markdown(r));
    return plots;
  }

  static void plot(EvalResults.Probe p, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(500)
        .title("Linear probe: " + p.label() + " (" + p.classes().size() + " classes, test " + p.test() + ")")
        .xAxisTitle("hidden state").yAxisTitle("test accuracy").build();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(true);
    double[] layers = IntStream.range(0, p.model().size()).asDoubleStream().toArray();
    chart.addSeries("model", layers, p.model().stream().mapToDouble(Double::doubleValue).toArray())
        .setMarker(SeriesMarkers.CIRCLE);
    if (!p.baseline().isEmpty()) {
      double[] bl = IntStream.range(0, p.baseline().size()).asDoubleStream().toArray();
      chart.addSeries("random-init baseline", bl, p.baseline().stream().mapToDouble(Double::doubleValue).toArray())
          .setMarker(SeriesMarkers.SQUARE);
    }
    double last = Math.max(1, layers.length - 1);
    chart.addSeries("MFCC statistics", new double[] {0, last}, new double[] {p.mfcc(), p.mfcc()})
        .setMarker(SeriesMarkers.NONE);
    chart.addSeries("majority class", new double[] {0, last}, new double[] {p.majority(), p.majority()})
        .setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  static String markdown(EvalResults r) {
    StringBuilder s = new StringBuilder();
    s.append("# Evaluation report\n\n");
    s.append("Model: `").append(r.model().name()).append("` (").append(r.model().id()).append(")");
    if (r.baseline() != null) {
      s.append("; baseline: `").append(r.baseline().name()).append("` (").append(r.baseline().id()).append(")");
    }
    s.append("\n\nTracks per split: ").append(r.tracks());
    if (!r.skippedTracks().isEmpty()) {
      s.append("; skipped (undecodable): ").append(r.skippedTracks().size());
    }
    s.append(String.format(Locale.ROOT, "; run time %.1f s.%n%n", r.seconds()));

    s.append("## Linear probing (softmax regression on mean-pooled hidden states, train -> test)\n\n");
    if (r.probes().isEmpty()) {
      s.append("No classification label with two classes in train and tracks in test.\n\n");
    }
    for (EvalResults.Probe p : r.probes()) {
      s.append(String.format(Locale.ROOT, "### %s (%d classes, train %d, test %d)%n%n", p.label(), p.classes().size(), p.train(), p.test()));
      s.append(String.format(Locale.ROOT, "Majority class %.3f, MFCC statistics %.3f, model best hidden state %d: %.3f%n%n",
          p.majority(), p.mfcc(), p.bestLayer(), p.model().get(p.bestLayer())));
      s.append("| hidden state | model | baseline |\n|---:|---:|---:|\n");
      for (int l = 0; l < p.model().size(); l++) {
        String b = l < p.baseline().size() ? String.format(Locale.ROOT, "%.3f", p.baseline().get(l)) : "-";
        s.append(String.format(Locale.ROOT, "| %d | %.3f | %s |%n", l, p.model().get(l), b));
      }
      s.append("\n![probe ").append(p.label()).append("](probe-")
          .append(p.label().replaceAll("[^A-Za-z0-9_-]", "_")).append(".png)\n\n");
    }

    s.append("## Zero-shot tagging (macro over tags)\n\n");
    if (r.zeroShot().isEmpty()) {
      s.append("Not run: no MuQ-MuLan bundle or no tags with positives and negatives.\n\n");
    } else {
      s.append("| system | prompt template | tracks | tags | ROC-AUC | PR-AUC |\n|---|---|---:|---:|---:|---:|\n");
      for (EvalResults.ZeroShot z : r.zeroShot()) {
        s.append(String.format(Locale.ROOT, "| %s | `%s` | %d | %d | %.4f | %.4f |%n",
            z.system(), z.template(), z.tracks(), z.tags(), z.rocAuc(), z.prAuc()));
      }
      s.append('\n');
    }

    s.append("## Zero-shot classification (top-1 among the label's values as prompts)\n\n");
    if (r.zeroShotClassification().isEmpty()) {
      s.append("Not run: no MuQ-MuLan bundle or no single-valued label with word values.\n\n");
    } else {
      s.append("| system | label | prompt template | classes | tracks | top-1 | majority class |\n|---|---|---|---:|---:|---:|---:|\n");
      for (EvalResults.ZeroShotClassification z : r.zeroShotClassification()) {
        s.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %d | %d | %.3f | %.3f |%n",
            z.system(), z.label(), z.template(), z.classes().size(), z.tracks(), z.top1(), z.majority()));
      }
      s.append('\n');
    }

    s.append("## Retrieval by captions\n\n");
    if (r.retrieval().isEmpty()) {
      s.append("Not run: no MuQ-MuLan bundle or fewer than two tracks with captions.\n\n");
    } else {
      s.append("| system | direction | queries | candidates | R@1 | R@5 | R@10 | median rank |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
      for (EvalResults.Retrieval x : r.retrieval()) {
        s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f | %.3f | %.1f |%n",
            x.system(), x.direction(), x.queries(), x.candidates(), x.r1(), x.r5(), x.r10(), x.medianRank()));
      }
      s.append('\n');
    }
    realMusic(r.realMusic(), s);
    s.append("All figures are also in `").append(METRICS_FILE).append("`.\n");
    return s.toString();
  }

  private static void realMusic(List<EvalResults.RealMusic> folders, StringBuilder s) {
    if (folders.isEmpty()) {
      return;
    }
    s.append("## Same-track retrieval on real recordings\n\n");
    EvalResults.RealMusic first = folders.getFirst();
    s.append(String.format(Locale.ROOT,
        "Every track of at least %.0f s: the %.0f s segment at %s ranks the %.0f s segments at %s of all tracks of its "
            + "folder by cosine similarity (MFCC statistics standardised over the folder's segments first).%n%n",
        SegmentRetrieval.MIN_TRACK_SECONDS, first.segmentSeconds(), clock(first.queryOffsetSeconds()),
        first.segmentSeconds(), clock(first.targetOffsetSeconds())));
    s.append("| folder | tracks | system | R@1 | R@5 | median rank | chance R@1 |\n|---|---:|---|---:|---:|---:|---:|\n");
    for (EvalResults.RealMusic f : folders) {
      for (EvalResults.SegmentFigures x : f.retrieval()) {
        s.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %.1f | %.3f |%n",
            f.folder(), f.tracks(), x.system(), x.r1(), x.r5(), x.medianRank(), f.chanceR1()));
      }
    }
    s.append('\n');
    for (EvalResults.RealMusic f : folders) {
      if (f.trackTags().isEmpty()) {
        continue;
      }
      s.append(String.format(Locale.ROOT, "### Zero-shot tags of %s (`%s`, top 3 of `genres` and `instruments`)%n%n",
          f.folder(), f.tagPrompt()));
      s.append(String.format(Locale.ROOT,
          "'classical' in the top 3 genres: %.3f of tracks; an orchestral instrument in the top 3 instruments: %.3f.%n%n",
          f.classicalTop3(), f.orchestralTop3()));
      s.append("| track | seconds | genres | instruments |\n|---|---:|---|---|\n");
      for (EvalResults.TrackTags t : f.trackTags()) {
        s.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s |%n", t.track(), t.seconds(), top3(t.genres()),
            top3(t.instruments())));
      }
      s.append('\n');
    }
  }

  private static String top3(List<EvalResults.Tag> tags) {
    return String.join(", ", tags.stream().limit(3)
        .map(t -> String.format(Locale.ROOT, "%s %.2f", t.label(), t.score())).toList());
  }

  private static String clock(double seconds) {
    return String.format(Locale.ROOT, "%d:%02d", (int) seconds / 60, (int) seconds % 60);
  }
}
