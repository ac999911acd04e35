package ai.muq.benchmarks;

import ai.muq.audio.WavWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLongArray;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The mixed soak of issue 21 against a service running in its own JVM, started as users start it
 * (so its resident memory is the service's alone): {@code --clients} closed-loop clients (64)
 * cycle through audio embeddings of 3, 5 and 12 s WAVs, zero-shot tags of the 5 s WAV and a text
 * embedding for {@code --seconds} (600). A 503 is load shed: the client waits its Retry-After
 * (as a client retrying would) and goes on. Prints accepted and shed per second every 10 s, p50 and
 * p99 of the accepted requests per endpoint, errors by kind, and the service's resident memory;
 * writes {@code soak-memory.png}, {@code soak-throughput.png} and {@code soak.md} to {@code --out}.
 *
 * <p>Run (benchmarks.jar, so none of this nor xchart is in the service jar):
 * {@code java -jar benchmarks/target/benchmarks.jar soak --url=http://127.0.0.1:8080 --pid=PID --seconds=600 --out=DIR}
 * (docs/service.md). Loopback only; every loop ends at the deadline.
 */
public final class SoakBenchmark {

  private SoakBenchmark() {}

  /** One kind of request of the mix. */
  record Workload(String name, HttpRequest request) {}

  /** Per-second counters by completion second: accepted (200) and shed (503 overloaded). */
  record Timeline(AtomicLongArray accepted, AtomicLongArray shed) {
    Timeline(int seconds) {
      this(new AtomicLongArray(seconds + 120), new AtomicLongArray(seconds + 120));
    }
  }

  public static void main(String[] args) throws Exception {
    String url = "http://127.0.0.1:8080";
    long pid = -1;
    int seconds = 600;
    int clients = 64;
    Path out = Path.of("soak");
    for (String a : args) {
      String v = a.substring(a.indexOf('=') + 1);
      if (a.startsWith("--url=")) {
        url = v.replaceAll("/+$", "");
      } else if (a.startsWith("--pid=")) {
        pid = Long.parseLong(v);
      } else if (a.startsWith("--seconds=")) {
        seconds = Integer.parseInt(v);
      } else if (a.startsWith("--clients=")) {
        clients = Integer.parseInt(v);
      } else if (a.startsWith("--out=")) {
        out = Path.of(v);
      } else {
        throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    if (!URI.create(url).getHost().matches("127\\.0\\.0\\.1|localhost")) {
      throw new IllegalArgumentException("the soak drives a service on this machine only: " + url);
    }
    Files.createDirectories(out);
    String model = ServiceBenchmark.modelName(url);
    List<Workload> mix = List.of(
        audio(url, "audio embeddings 3 s", "/v1/audio/embeddings", model, wav(3, 1), Map.of()),
        audio(url, "audio embeddings 5 s", "/v1/audio/embeddings", model, wav(5, 2), Map.of()),
        audio(url, "audio embeddings 12 s", "/v1/audio/embeddings", model, wav(12, 3), Map.of()),
        audio(url, "tags 5 s", "/v1/audio/tags", model, wav(5, 4),
            Map.of("vocabulary", "instruments", "top_k", "5")),
        new Workload("text embeddings", HttpRequest.newBuilder(URI.create(url + "/v1/embeddings"))
            .header("Content-Type", "application/json").timeout(Duration.ofSeconds(90))
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
                + "\",\"input\":\"calm piano with soft strings\"}")).build()));

    Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
    Map<String, Long> errors = new ConcurrentHashMap<>();
    Timeline timeline = new Timeline(seconds);
    List<long[]> rss = Collections.synchronizedList(new ArrayList<>());
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    System.out.printf("soak: %d clients, %d s, %s (model %s), service pid %d%n", clients, seconds, url, model, pid);
    System.out.printf("%6s %10s %10s %8s%n", "t s", "accepted/s", "shed/s", "RSS MiB");
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < clients; c++) {
        int first = c;
        pool.submit(() -> client(http, mix, first, end, start, latencies, errors, timeline));
      }
      long next = start;
      int printed = 0;
      while (System.nanoTime() < end) {
        next += 1_000_000_000L;
        Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        int t = (int) ((System.nanoTime() - start) / 1_000_000_000L);
        rss.add(new long[] {t, ServiceBenchmark.rssMiB(pid)});
        if (t / 10 > printed && t >= 10) {
          printed = t / 10;
          long acc = 0;
          long shed = 0;
          for (int s = t - 10; s < t; s++) {
            acc += timeline.accepted().get(s);
            shed += timeline.shed().get(s);
          }
          System.out.printf("%6d %10.1f %10.1f %8d%n", t, acc / 10.0, shed / 10.0, rss.getLast()[1]);
        }
      }
    }
    report(out, seconds, clients, model, mix, latencies, errors, timeline, rss);
  }

  static void client(HttpClient http, List<Workload> mix, int first, long end, long start,
      Map<String, List<Long>> latencies, Map<String, Long> errors, Timeline timeline) {
    for (int i = first; System.nanoTime() < end; i++) {
      Workload w = mix.get(i % mix.size());
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(w.request(), HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        int second = (int) ((t1 - start) / 1_000_000_000L);
        if (r.statusCode() == 200) {
          latencies.computeIfAbsent(w.name(), k -> Collections.synchronizedList(new ArrayList<>()))
              .add(t1 - t0);
          timeline.accepted().incrementAndGet(second);
        } else if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()
            && r.body().contains("/problems/overloaded")) {
          timeline.shed().incrementAndGet(second);
          long wait = Long.parseLong(r.headers().firstValue("Retry-After").get()) * 1000;
          Thread.sleep(Math.min(wait, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
        } else {
          errors.merge(w.name() + ": HTTP " + r.statusCode(), 1L, Long::sum);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (IOException e) {
        errors.merge(w.name() + ": " + e.getClass().getSimpleName(), 1L, Long::sum);
      }
    }
  }

  static void report(Path out, int seconds, int clients, String model, List<Workload> mix,
      Map<String, List<Long>> latencies, Map<String, Long> errors, Timeline timeline,
      List<long[]> rss) throws IOException {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "Soak: %d clients, %d s, model %s.%n%n", clients, seconds, model));
    md.append("| endpoint | accepted | accepted/s | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|---|\n");
    long acceptedAll = 0;
    for (Workload w : mix) {
      List<Long> l = new ArrayList<>(latencies.getOrDefault(w.name(), List.of()));
      Collections.sort(l);
      acceptedAll += l.size();
      md.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %.0f | %.0f | %.0f |%n", w.name(), l.size(),
          l.size() / (double) seconds, ServiceBenchmark.pct(l, 0.50), ServiceBenchmark.pct(l, 0.99),
          l.isEmpty() ? Double.NaN : l.getLast() / 1e6));
    }
    long shedAll = 0;
    for (int s = 0; s < timeline.shed().length(); s++) {
      shedAll += timeline.shed().get(s);
    }
    long errorsAll = errors.values().stream().mapToLong(Long::longValue).sum();
    md.append(String.format(Locale.ROOT, "%naccepted %d (%.1f/s), shed (503 overloaded with Retry-After) %d"
        + " (%.1f/s), other answers and errors %d%s%n", acceptedAll, acceptedAll / (double) seconds, shedAll,
        shedAll / (double) seconds, errorsAll, errors.isEmpty() ? "" : " " + new LinkedHashMap<>(errors)));
    long[] mem = rss.stream().mapToLong(r -> r[1]).toArray();
    if (mem.length >= 10 && mem[0] > 0) {
      int tenth = mem.length / 10;
      double second = mean(mem, tenth, 2 * tenth);
      double last = mean(mem, mem.length - tenth, mem.length);
      long peak = java.util.Arrays.stream(mem).max().orElse(-1);
      md.append(String.format(Locale.ROOT, "resident memory of the service: peak %d MiB; mean of the"
          + " second tenth %.0f MiB, of the last tenth %.0f MiB: drift %+.1f%%%n", peak, second, last,
          100 * (last - second) / second));
    }
    System.out.print(md);
    Files.writeString(out.resolve("soak.md"), md);

    double[] t = rss.stream().mapToDouble(r -> r[0]).toArray();
    XYChart memory = new XYChartBuilder().width(900).height(420)
        .title("Service resident memory, " + clients + "-client mixed soak").xAxisTitle("s")
        .yAxisTitle("MiB").build();
    memory.addSeries("RSS", t, rss.stream().mapToDouble(r -> r[1]).toArray()).setMarker(SeriesMarkers.NONE);
    memory.addSeries("1 GiB", new double[] {0, seconds}, new double[] {1024, 1024}).setMarker(SeriesMarkers.NONE);
    memory.getStyler().setYAxisMin(0.0);
    BitmapEncoder.saveBitmap(memory, out.resolve("soak-memory.png").toString(), BitmapEncoder.BitmapFormat.PNG);

    double[] secs = new double[seconds];
    double[] acc = new double[seconds];
    double[] shed = new double[seconds];
    for (int s = 0; s < seconds; s++) {
      secs[s] = s;
      acc[s] = timeline.accepted().get(s);
      shed[s] = timeline.shed().get(s);
    }
    XYChart rate = new XYChartBuilder().width(900).height(420)
        .title("Accepted and shed requests per second").xAxisTitle("s").yAxisTitle("requests/s").build();
    rate.addSeries("accepted (200)", secs, acc).setMarker(SeriesMarkers.NONE);
    rate.addSeries("shed (503 + Retry-After)", secs, shed).setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(rate, out.resolve("soak-throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);
    System.out.println("written: " + out.resolve("soak.md") + ", soak-memory.png, soak-throughput.png");
  }

  static double mean(long[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v[i];
    }
    return s / Math.max(1, to - from);
  }

  /** A deterministic music-like clip: a few partials and a little noise, 24 kHz mono. */
  static byte[] wav(int seconds, int seed) {
    int rate = 24_000;
    float[] x = new float[seconds * rate];
    Random r = new Random(seed);
    double f = 110 * (1 + seed % 5);
    for (int i = 0; i < x.length; i++) {
      double t = (double) i / rate;
      x[i] = (float) (0.25 * Math.sin(2 * Math.PI * f * t) + 0.12 * Math.sin(2 * Math.PI * 1.5 * f * t)
          + 0.06 * Math.sin(2 * Math.PI * 2 * f * t) * Math.sin(Math.PI * t) + 0.03 * r.nextGaussian());
    }
    return WavWriter.pcm16(x, rate);
  }

  static Workload audio(String url, String name, String path, String model, byte[] wav,
      Map<String, String> fields) {
    String boundary = "soakb0undary";
    ByteArrayOutputStream mp = new ByteArrayOutputStream();
    Map<String, String> all = new LinkedHashMap<>(fields);
    all.put("model", model);
    for (var e : all.entrySet()) {
      mp.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + e.getKey()
          + "\"\r\n\r\n" + e.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    mp.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    mp.writeBytes(wav);
    mp.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return new Workload(name, HttpRequest.newBuilder(URI.create(url + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofSeconds(90))
        .POST(HttpRequest.BodyPublishers.ofByteArray(mp.toByteArray())).build());
  }
}
