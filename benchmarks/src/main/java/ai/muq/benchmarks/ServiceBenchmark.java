package ai.muq.benchmarks;

import ai.muq.audio.WavWriter;
import ai.muq.report.MeasuredFigures;
import ai.muq.service.MuqServiceApplication;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Load benchmark of the running service: starts the app in this JVM (default bundle unless {@code
 * --muq.bundles=DIR} is given), then drives {@code POST /v1/audio/embeddings} with a 10 s WAV and
 * {@code POST /v1/embeddings} with a short text at concurrency 1, 4, 16 and 64 for a fixed time
 * each, and prints requests/s, p50 and p99 latency, and the process's resident memory.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar service
 * [--seconds=10] [--json=FILE] [--muq.bundles=DIR]}
 * ({@code --json} writes the figures for {@code model-export bench --include}). With
 * {@code --url=http://host:port --pid=PID} it drives a service that runs in its own JVM (started
 * as users start it) and reads that process's resident memory, so the load generator is not
 * counted.
 * The client runs in the same JVM, so the resident memory is an upper bound for the service.
 */
public final class ServiceBenchmark {

  private ServiceBenchmark() {}

  record Result(int concurrency, long requests, long errors, double seconds, double p50Ms, double p99Ms) {}

  public static void main(String[] args) throws Exception {
    int seconds = 10;
    Path json = null;
    String url = null;
    long pid = -1;
    List<String> appArgs = new ArrayList<>(List.of("--server.port=0", "--logging.structured.format.console=",
        "--logging.level.root=WARN"));
    for (String a : args) {
      if (a.startsWith("--seconds=")) {
        seconds = Integer.parseInt(a.substring("--seconds=".length()));
      } else if (a.startsWith("--json=")) {
        json = Path.of(a.substring("--json=".length()));
      } else if (a.startsWith("--url=")) {
        url = a.substring("--url=".length()).replaceAll("/+$", "");
      } else if (a.startsWith("--pid=")) {
        pid = Long.parseLong(a.substring("--pid=".length()));
      } else {
        appArgs.add(a);
      }
    }
    ConfigurableApplicationContext ctx = null;
    String base;
    if (url == null) {
      ctx = SpringApplication.run(MuqServiceApplication.class, appArgs.toArray(String[]::new));
      base = "http://localhost:" + ((WebServerApplicationContext) ctx).getWebServer().getPort();
      pid = ProcessHandle.current().pid();
    } else {
      base = url;
    }
    long rssWarm = rssMiB(pid);
    System.out.printf("service at %s; resident memory after warm-up: %d MiB%s%n", base, rssWarm,
        url == null ? " (load generator in the same JVM)" : " (service process " + pid + " alone)");
    String model = modelName(base);
    float[] wave = new float[240_000];
    Random r = new Random(1);
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 24_000.0) + 0.05 * r.nextGaussian());
    }
    byte[] wav = WavWriter.pcm16(wave, 24_000);
    String boundary = "benchb0undary";
    ByteArrayOutputStream mp = new ByteArrayOutputStream();
    mp.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model
        + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    mp.writeBytes(wav);
    mp.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest audio = HttpRequest.newBuilder(URI.create(base + "/v1/audio/embeddings"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(mp.toByteArray())).build();
    HttpRequest text = HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"" + model + "\",\"input\":\"calm piano with soft strings\"}")).build();
    System.out.printf("%-28s %5s %9s %8s %9s %9s %7s%n", "workload", "conc", "requests", "req/s", "p50 ms", "p99 ms", "errors");
    List<List<Object>> rows = new ArrayList<>();
    for (var w : List.of(new Object[] {"audio 10 s WAV (1 clip)", audio}, new Object[] {"text (OpenAI embeddings)", text})) {
      for (int c : new int[] {1, 4, 16, 64}) {
        Result res = load((HttpRequest) w[1], c, seconds);
        double rps = res.requests() / res.seconds();
        System.out.printf("%-28s %5d %9d %8.1f %9.1f %9.1f %7d%n", w[0], c, res.requests(), rps, res.p50Ms(), res.p99Ms(),
            res.errors());
        rows.add(List.of(w[0], c, res.requests(), Math.round(rps * 10) / 10.0, Math.round(res.p50Ms() * 10) / 10.0,
            Math.round(res.p99Ms() * 10) / 10.0, res.errors()));
      }
    }
    long rssLoaded = rssMiB(pid);
    long heapMax = url == null ? Runtime.getRuntime().maxMemory() >> 20 : -1;
    System.out.printf("resident memory after the load: %d MiB%s%n", rssLoaded, heapMax < 0 ? "" : " (heap max " + heapMax + " MiB)");
    if (json != null) {
      new MeasuredFigures(
          "Service: requests/s and latency by concurrency (" + model + ", CPU)",
          "ServiceBenchmark " + String.join(" ", args), MeasuredFigures.thisMachine(),
          List.of("workload", "concurrency", "requests", "req/s", "p50 ms", "p99 ms", "errors"),
          rows, List.of((url == null
              ? "Resident memory: %d MiB after warm-up, %d MiB after the concurrency-64 load (the load generator runs in the same JVM, so this is an upper bound). %d s per level."
              : "Resident memory of the service process alone: %d MiB after warm-up, %d MiB after the concurrency-64 load. %d s per level.")
              .formatted(rssWarm, rssLoaded, seconds))).write(json);
      System.out.println("figures written to " + json);
    }
    if (ctx != null) {
      ctx.close();
    }
  }

  static String modelName(String base) throws Exception {
    String body = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/v1/models")).GET().build(),
        HttpResponse.BodyHandlers.ofString()).body();
    int i = body.indexOf("\"id\":\"");
    return body.substring(i + 6, body.indexOf('"', i + 6));
  }

  static Result load(HttpRequest request, int concurrency, int seconds) throws Exception {
    HttpClient client = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    // one untimed round so connection set-up is not measured
    client.send(request, HttpResponse.BodyHandlers.discarding());
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long[] errors = new long[1];
    AtomicBoolean stop = new AtomicBoolean();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < concurrency; i++) {
        pool.submit(() -> {
          while (!stop.get()) {
            long t0 = System.nanoTime();
            try {
              int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
              if (status == 200) {
                latencies.add(System.nanoTime() - t0);
              } else {
                synchronized (errors) {
                  errors[0]++;
                }
              }
            } catch (Exception e) {
              synchronized (errors) {
                errors[0]++;
              }
            }
          }
          return null;
        });
      }
      Thread.sleep(seconds * 1000L);
      stop.set(true);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return new Result(concurrency, sorted.size(), errors[0], elapsed, pct(sorted, 0.50), pct(sorted, 0.99));
  }

  static double pct(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1);
    return sorted.get(Math.max(i, 0)) / 1e6;
  }

  static long rssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
        }
      }
    } catch (Exception ignored) {
      // not Linux: no figure
    }
    return -1;
  }
}
