package ai.muq.bench;

import ai.muq.report.MeasuredFigures;
import ai.muq.eval.EvalReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a bench run as Markdown, with the JSON of every figure beside it. */
public final class BenchReport {

  private BenchReport() {}

  /** Writes {@code out} (Markdown) and {@code out} with a .json extension; returns the JSON path. */
  public static Path write(BenchResults r, Path out, String command) throws IOException {
    return write(r, out, command, List.of());
  }

  /**
   * Also gathers other benchmarks' figures: each included JSON file has a {@code title}, optional
   * {@code command}, {@code machine} and {@code notes} (strings), {@code columns} and {@code rows}
   * (arrays of values); each becomes a section of the report and an entry of {@code included}.
   */
  public static Path write(BenchResults r, Path out, String command, List<Path> includes) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    String base = out.getFileName().toString().replaceFirst("\\.md$", "");
    Path json = parent.resolve(base + ".json");
    ObjectMapper mapper = EvalReport.json();
    List<MeasuredFigures> included = new ArrayList<>();
    for (Path p : includes) {
      included.add(MeasuredFigures.read(p));
    }
    ObjectNode all = mapper.valueToTree(r);
    all.set("included", mapper.valueToTree(included));
    mapper.writeValue(json.toFile(), all);
    StringBuilder md = new StringBuilder(markdown(r, command, json.getFileName().toString()));
    for (MeasuredFigures figures : included) {
      md.append(includedSection(figures));
    }
    Files.writeString(out, md.toString());
    return json;
  }

  static String includedSection(MeasuredFigures f) {
    StringBuilder s = new StringBuilder("\n## ").append(f.title()).append("\n\n");
    if (f.command() != null) {
      s.append("Command: `").append(f.command()).append("`\n\n");
    }
    if (f.machine() != null) {
      s.append("Machine: ").append(f.machine()).append("\n\n");
    }
    s.append("| ").append(String.join(" | ", f.columns())).append(" |\n|");
    f.columns().forEach(c -> s.append("---|"));
    s.append('\n');
    for (List<Object> row : f.rows()) {
      s.append("| ").append(String.join(" | ", row.stream().map(String::valueOf).toList())).append(" |\n");
    }
    for (String note : f.notes()) {
      s.append("\n").append(note).append('\n');
    }
    return s.toString();
  }

  static String markdown(BenchResults r, String command, String jsonName) {
    StringBuilder s = new StringBuilder("# MuQ encoder benchmark\n\n");
    s.append("Command: `").append(command).append("`\n\n");
    s.append("Machine: ").append(r.machine()).append("\n\n");
    s.append(String.format(Locale.ROOT,
        "Reference: fp32 MatMul %d x %d x %d in the same ONNX Runtime and settings: %.1f GFLOP/s at the start, %.1f at the end of the run; each throughput row is compared with a MatMul timed just before it.%n%n",
        r.matmul().n(), r.matmul().n(), r.matmul().n(), r.matmul().gflopsStart(), r.matmul().gflopsEnd()));
    s.append("## Encoder throughput (ORT, all graph optimisations, default threads)\n\n");
    s.append("| config | provider | batch | clip s | s/run (median) | audio s per s | GFLOP/run | GFLOP/s | MatMul GFLOP/s just before | of MatMul (target 60%) |\n");
    s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (BenchResults.Throughput t : r.throughput()) {
      s.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.3f | %.1f | %.1f | %.1f | %.1f | %.0f%% |%n",
          t.config(), t.provider(), t.batch(), t.clipSeconds(), t.medianSeconds(), t.audioSecondsPerSecond(),
          t.gflopPerRun(), t.gflops(), t.matmulGflops(), 100 * t.fractionOfMatmul()));
    }
    s.append("\nCUDA: ").append(r.cuda()).append("\n\n");
    if (!r.throughput().isEmpty()) {
      BenchResults.Throughput t = r.throughput().getFirst();
      s.append("GFLOP per run by part (").append(t.config()).append(", batch ").append(t.batch()).append("): ");
      t.gflopBreakdown().forEach((k, v) -> s.append(String.format(Locale.ROOT, "%s %.2f; ", k, v)));
      s.append("\n\n");
    }
    if (!r.precision().isEmpty()) {
      s.append("## Precision (").append(r.precision().getFirst().config()).append(", batch 1)\n\n");
      s.append("| variant | encoder bytes | s/run median | s/run min | speed-up (min) | max abs diff (last hidden) | relative | max abs diff (mean-pooled) | probe accuracy |\n");
      s.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (BenchResults.Precision p : r.precision()) {
        s.append(String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.2fx | %.2e | %.2e | %.2e | %s |%n",
            p.variant(), p.encoderBytes(), p.medianSeconds(), p.minSeconds(), p.speedup(), p.maxAbsDiff(), p.relMaxDiff(),
            p.pooledMaxDiff(), p.probeAccuracy().isEmpty() ? "-" : p.probeAccuracy().toString()));
      }
      s.append('\n');
    }
    if (!r.optimizationLevels().isEmpty()) {
      s.append("## ORT graph optimisation levels and threads (batch 1)\n\n| setting | s/run median | s/run min | audio s per s (median) |\n|---|---:|---:|---:|\n");
      for (BenchResults.SettingTime t : r.optimizationLevels()) {
        s.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f |%n", t.setting(), t.medianSeconds(), t.minSeconds(), t.audioSecondsPerSecond()));
      }
      for (BenchResults.SettingTime t : r.threads()) {
        s.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f |%n", t.setting(), t.medianSeconds(), t.minSeconds(), t.audioSecondsPerSecond()));
      }
      s.append("\nRecommended service defaults: ").append(r.recommended()).append("\n\n");
    }
    if (!r.profile().isEmpty()) {
      long total = r.profile().values().stream().mapToLong(Long::longValue).sum();
      s.append("## Profile (kernel time by op type, ORT profiling)\n\n| op | ms | share |\n|---|---:|---:|\n");
      for (Map.Entry<String, Long> e : r.profile().entrySet()) {
        s.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f%% |%n", e.getKey(), e.getValue() / 1e3, 100.0 * e.getValue() / total));
      }
      s.append('\n');
    }
    r.notes().forEach(n -> s.append("- ").append(n).append('\n'));
    s.append("\nAll figures: `").append(jsonName).append("`.\n");
    return s.toString();
  }
}
