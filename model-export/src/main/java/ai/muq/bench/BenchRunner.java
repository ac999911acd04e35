package ai.muq.bench;

import ai.muq.bundle.BundleTensors;
import ai.muq.audio.AudioLimits;
import ai.muq.audio.AudioLoader;
import ai.muq.bundle.BundleManifest;
import ai.muq.eval.BundleRunner;
import ai.muq.eval.EvalManifest;
import ai.muq.eval.EvalResults;
import ai.muq.eval.EvalTrack;
import ai.muq.eval.Evaluator;
import ai.muq.eval.RandomBundles;
import ai.muq.train.CheckpointEncoders;
import ai.muq.eval.SoftmaxProbe;
import ai.muq.model.ModelConfig;
import ai.muq.model.MuqConfig;
import ai.muq.onnx.BundleExporter;
import ai.muq.onnx.OnnxOps;
import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The encoder benchmark: exports random-weight MuQ encoders, times them in ONNX Runtime next to a
 * plain MatMul, and compares precisions, optimisation levels and thread settings on one
 * configuration (the sweep configuration, batch 1).
 */
public final class BenchRunner {

  /**
   * @param configs configurations timed for throughput
   * @param batchSizes batch sizes timed
   * @param clipSeconds clip length
   * @param warmup untimed runs before timing
   * @param repeats timed runs (median reported)
   * @param sweepConfig configuration of the precision, optimisation-level and thread sweeps; null skips them
   * @param matmulN size of the reference MatMul
   * @param evalManifest optional manifest: probe accuracy per precision
   * @param profileBelow profile when the sweep configuration's fraction of MatMul is below this
   * @param work folder for the exported graphs and profiles
   * @param sweepCheckpoint a training run whose trained encoder the sweeps measure (its
   *     configuration must be the sweep configuration); null for random weights
   */
  public record Options(
      List<String> configs, List<Integer> batchSizes, double clipSeconds, int warmup, int repeats,
      String sweepConfig, int matmulN, Path evalManifest, double profileBelow, long seed, Path work,
      Path sweepCheckpoint) {

    public Options(
        List<String> configs, List<Integer> batchSizes, double clipSeconds, int warmup, int repeats,
        String sweepConfig, int matmulN, Path evalManifest, double profileBelow, long seed, Path work) {
      this(configs, batchSizes, clipSeconds, warmup, repeats, sweepConfig, matmulN, evalManifest, profileBelow, seed,
          work, null);
    }

    public Options {
      configs.forEach(ModelConfig::named);
      if (sweepConfig != null) {
        ModelConfig.named(sweepConfig);
      }
      if (batchSizes.isEmpty() || batchSizes.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("batch sizes must be >= 1");
      }
      if (!(clipSeconds > 0.2) || repeats < 1 || warmup < 0 || matmulN < 64) {
        throw new IllegalArgumentException("clip > 0.2 s, repeats >= 1, warmup >= 0, matmul size >= 64");
      }
    }
  }

  private final Options o;
  private final PrintStream log;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtBench.Settings defaults = new OrtBench.Settings(OptLevel.ALL_OPT, 0, 1);

  public BenchRunner(Options options, PrintStream log) {
    this.o = options;
    this.log = log;
  }

  public BenchResults run() throws IOException, OrtException {
    int cores = Runtime.getRuntime().availableProcessors();
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", cores);
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    machine.put("java", System.getProperty("java.version"));
    machine.put("onnxruntime", env.getVersion());
    machine.put("providers", OrtEnvironment.getAvailableProviders().toString());
    log.println("machine: " + machine);
    List<String> notes = new ArrayList<>();
    double mmStart = OrtBench.matmulGflops(env, o.matmulN(), defaults, 2, 5);
    log.printf("MatMul %dx%dx%d fp32 (ORT CPU, %s): %.1f GFLOP/s%n", o.matmulN(), o.matmulN(), o.matmulN(), defaults.label(), mmStart);

    int samples = (int) Math.round(o.clipSeconds() * MuqConfig.SAMPLE_RATE);
    List<BenchResults.Throughput> throughput = new ArrayList<>();
    Map<String, Path> fp32Dirs = new LinkedHashMap<>();
    TreeSet<String> all = new TreeSet<>(o.configs());
    if (o.sweepConfig() != null) {
      all.add(o.sweepConfig());
    }
    for (String config : ModelConfig.NAMES) {
      if (!all.contains(config)) {
        continue;
      }
      Path dir = o.work().resolve(config + "-fp32");
      long t0 = System.nanoTime();
      if (trained(config)) {
        log.printf("exporting the trained %s encoder of %s (fp32) to %s ...%n", config, o.sweepCheckpoint(), dir);
        CheckpointEncoders.exportEncoder(o.sweepCheckpoint(), OnnxOps.WeightType.FLOAT32, "trained-" + config, dir);
      } else {
        log.printf("exporting random-init %s encoder (fp32) to %s ...%n", config, dir);
        RandomBundles.export(config, BundleManifest.KIND_MUQ, o.seed(), OnnxOps.WeightType.FLOAT32, dir);
      }
      log.printf("  exported in %.1f s, %,d bytes%n", (System.nanoTime() - t0) / 1e9,
          Files.size(dir.resolve(BundleExporter.MUQ_ENCODER_FILE)));
      fp32Dirs.put(config, dir);
    }
    for (String config : o.configs()) {
      MuqConfig muq = ModelConfig.named(config).muq();
      Path model = fp32Dirs.get(config).resolve(BundleExporter.MUQ_ENCODER_FILE);
      try (OrtSession s = env.createSession(model.toString(), defaults.options())) {
        for (int batch : o.batchSizes()) {
          throughput.add(timeEncoder(s, config, muq, "CPU", batch, samples, mmStart));
        }
      }
    }
    String cuda = cuda(throughput, fp32Dirs, samples, mmStart);
    double mmEnd = OrtBench.matmulGflops(env, o.matmulN(), defaults, 2, 5);
    log.printf("MatMul again at the end of the run: %.1f GFLOP/s%n", mmEnd);
    BenchResults.MatMul mm = new BenchResults.MatMul(o.matmulN(), mmStart, mmEnd);
    double ref = mm.gflops();
    List<BenchResults.Throughput> rescaled = throughput;

    List<BenchResults.Precision> precision = new ArrayList<>();
    List<BenchResults.SettingTime> levels = new ArrayList<>();
    List<BenchResults.SettingTime> threads = new ArrayList<>();
    Map<String, Object> recommended = new LinkedHashMap<>();
    Map<String, Long> profile = new LinkedHashMap<>();
    if (o.sweepConfig() != null) {
      String config = o.sweepConfig();
      MuqConfig muq = ModelConfig.named(config).muq();
      Path fp32 = fp32Dirs.get(config);
      precision.addAll(precisions(config, fp32, samples));
      levels.addAll(optimizationLevels(fp32.resolve(BundleExporter.MUQ_ENCODER_FILE), samples));
      threads.addAll(threadSettings(fp32.resolve(BundleExporter.MUQ_ENCODER_FILE), samples, cores));
      // Differences under 5% are noise on a shared machine: then the simpler default wins.
      List<BenchResults.SettingTime> byPreference = new ArrayList<>(levels.reversed()); // ALL first
      BenchResults.SettingTime bestLevel = preferred(byPreference);
      List<BenchResults.SettingTime> threadPrefs = new ArrayList<>();
      threadPrefs.add(levels.getLast()); // ALL_OPT with ORT's default threads
      threadPrefs.addAll(threads.reversed()); // then more threads before fewer
      BenchResults.SettingTime bestThreads = preferred(threadPrefs);
      recommended.put("optimization_level", bestLevel.setting().substring(0, bestLevel.setting().indexOf(',')));
      recommended.put("threads", bestThreads.setting().substring(bestThreads.setting().indexOf(',') + 2));
      BenchResults.Precision int8 = precision.stream()
          .filter(p -> p.variant().startsWith("int8") && p.relMaxDiff() < 0.05)
          .max((a, b) -> Double.compare(a.speedup(), b.speedup())).orElse(null);
      boolean int8Ok = int8 != null && int8.speedup() > 1.1;
      recommended.put("cpu_precision", int8Ok ? int8.variant() + " (dynamic)" : "fp32");
      recommended.put("why", int8 == null ? "no int8 variant within 5% relative deviation"
          : String.format(java.util.Locale.ROOT, "fastest int8 variant %s: speed-up %.2fx, relative max deviation %.4f"
              + " (int8 is chosen when > 1.1x and < 0.05)", int8.variant(), int8.speedup(), int8.relMaxDiff()));
      log.println("recommended service defaults: " + recommended);
      double fraction = rescaled.stream().filter(t -> t.config().equals(config) && t.provider().equals("CPU"))
          .mapToDouble(BenchResults.Throughput::fractionOfMatmul).max().orElse(0);
      if (fraction == 0) {
        fraction = levels.stream().filter(l -> l.setting().startsWith("ALL_OPT")).findFirst()
            .map(l -> EncoderFlops.total(muq, samples, 1) / l.minSeconds() / 1e9 / ref).orElse(0.0);
      }
      if (fraction < o.profileBelow()) {
        profile.putAll(profileRun(fp32.resolve(BundleExporter.MUQ_ENCODER_FILE), samples));
        notes.add(String.format(java.util.Locale.ROOT,
            "%s reaches %.0f%% of the MatMul GFLOP/s (target 60%%): profiled, see the op table.", config, 100 * fraction));
      }
    }
    return new BenchResults(machine, mm, rescaled, cuda, precision, levels, threads, recommended, profile, notes);
  }

  /** The first setting (in preference order) whose fastest run is within 5% of the fastest overall. */
  static BenchResults.SettingTime preferred(List<BenchResults.SettingTime> inPreferenceOrder) {
    double best = inPreferenceOrder.stream().mapToDouble(BenchResults.SettingTime::minSeconds).min().orElseThrow();
    return inPreferenceOrder.stream().filter(t -> t.minSeconds() <= best * 1.05).findFirst().orElseThrow();
  }

  private BenchResults.Throughput timeEncoder(
      OrtSession s, String config, MuqConfig muq, String provider, int batch, int samples, double matmul)
      throws OrtException {
    float[] wave = OrtBench.testWaveform(batch, samples, MuqConfig.SAMPLE_RATE);
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(wave), new long[] {batch, samples})) {
      // The machine may be shared: the reference MatMul is timed right before each figure, so both
      // see the same conditions.
      matmul = OrtBench.matmulGflops(env, o.matmulN(), defaults, provider.equals("CUDA"), 1, 3);
      OrtBench.Timing t = OrtBench.time(s, Map.of(BundleTensors.WAVEFORM, in), Set.of(lastHidden(muq)), o.warmup(), o.repeats());
      double flops = EncoderFlops.total(muq, samples, batch);
      Map<String, Double> parts = new LinkedHashMap<>();
      EncoderFlops.breakdown(muq, samples).forEach((k, v) -> parts.put(k, v * batch / 1e9));
      double gflops = flops / t.medianSeconds() / 1e9;
      double audio = batch * (double) samples / MuqConfig.SAMPLE_RATE / t.medianSeconds();
      log.printf("%-6s %-4s batch %d: %.3f s/run (min %.3f), %.1f audio s/s, %.1f GFLOP/run, %.1f GFLOP/s = %.0f%% of MatMul (%.1f GFLOP/s just before)%n",
          config, provider, batch, t.medianSeconds(), t.minSeconds(), audio, flops / 1e9, gflops, 100 * gflops / matmul, matmul);
      return new BenchResults.Throughput(config, provider, batch, samples / (double) MuqConfig.SAMPLE_RATE,
          t.medianSeconds(), t.minSeconds(), audio, flops / 1e9, gflops, matmul, gflops / matmul, parts);
    }
  }

  /** Whether the sweeps of this configuration use the trained checkpoint's weights. */
  private boolean trained(String config) {
    return o.sweepCheckpoint() != null && config.equals(o.sweepConfig());
  }

  private static String lastHidden(MuqConfig muq) {
    return BundleTensors.hiddenState(muq.layers());
  }

  private String cuda(List<BenchResults.Throughput> out, Map<String, Path> dirs, int samples, double matmul) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      String why = "skipped: this ONNX Runtime build has no CUDA execution provider (providers "
          + OrtEnvironment.getAvailableProviders() + "); run with the onnxruntime_gpu artifact on a GPU machine";
      log.println("CUDA " + why);
      return why;
    }
    try {
      for (String config : o.configs()) {
        MuqConfig muq = ModelConfig.named(config).muq();
        OrtSession.SessionOptions opts = defaults.options();
        opts.addCUDA(0);
        try (OrtSession s = env.createSession(dirs.get(config).resolve(BundleExporter.MUQ_ENCODER_FILE).toString(), opts)) {
          for (int batch : o.batchSizes()) {
            out.add(timeEncoder(s, config, muq, "CUDA", batch, samples, matmul));
          }
        }
      }
      return "measured";
    } catch (OrtException e) {
      String why = "skipped: CUDA provider listed but failed to start: " + e.getMessage();
      log.println("CUDA " + why);
      return why;
    }
  }

  private List<BenchResults.Precision> precisions(String config, Path fp32Dir, int samples) throws IOException, OrtException {
    MuqConfig muq = ModelConfig.named(config).muq();
    Path fp16Dir = o.work().resolve(config + "-fp16");
    log.printf("exporting %s with fp16 weights ...%n", config);
    if (trained(config)) {
      CheckpointEncoders.exportEncoder(o.sweepCheckpoint(), OnnxOps.WeightType.FLOAT16, "trained-" + config, fp16Dir);
    } else {
      RandomBundles.export(config, BundleManifest.KIND_MUQ, o.seed(), OnnxOps.WeightType.FLOAT16, fp16Dir);
    }
    Path int8Dir = o.work().resolve(config + "-int8");
    log.printf("quantising %s to int8 (dynamic, per-column weights) ...%n", config);
    int8Bundle(fp32Dir, int8Dir, false);
    Path int8ConvDir = o.work().resolve(config + "-int8-conv");
    log.printf("quantising %s to int8 including the convolutions ...%n", config);
    int8Bundle(fp32Dir, int8ConvDir, true);
    Map<String, Path> variants = new LinkedHashMap<>();
    variants.put("fp32", fp32Dir);
    variants.put("fp16-weights", fp16Dir);
    variants.put("int8", int8Dir);
    variants.put("int8+conv", int8ConvDir);
    float[] wave = OrtBench.testWaveform(1, samples, MuqConfig.SAMPLE_RATE);
    String out = lastHidden(muq);
    float[] reference = null;
    double refSeconds = 0;
    List<EvalTrack> tracks = o.evalManifest() == null ? null : EvalManifest.read(o.evalManifest(), null, 50);
    List<BenchResults.Precision> res = new ArrayList<>();
    // Round-robin timing: all variants are open at once and run in turn, so a change of load on a
    // shared machine hits every variant alike instead of biasing whichever ran during it.
    Map<String, OrtSession> sessions = new LinkedHashMap<>();
    Map<String, float[]> outputs = new LinkedHashMap<>();
    Map<String, List<Double>> times = new LinkedHashMap<>();
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(wave), new long[] {1, samples})) {
      try {
        for (Map.Entry<String, Path> v : variants.entrySet()) {
          OrtSession s = env.createSession(v.getValue().resolve(BundleExporter.MUQ_ENCODER_FILE).toString(), defaults.options());
          sessions.put(v.getKey(), s);
          OrtBench.time(s, Map.of(BundleTensors.WAVEFORM, in), Set.of(out), o.warmup(), 1); // warm-up, and the output below
          try (OrtSession.Result r = s.run(Map.of(BundleTensors.WAVEFORM, in), Set.of(out))) {
            FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] h = new float[fb.remaining()];
            fb.get(h);
            outputs.put(v.getKey(), h);
          }
          times.put(v.getKey(), new ArrayList<>());
        }
        for (int i = 0; i < o.repeats(); i++) {
          for (Map.Entry<String, OrtSession> e : sessions.entrySet()) {
            times.get(e.getKey()).add(OrtBench.time(e.getValue(), Map.of(BundleTensors.WAVEFORM, in), Set.of(out), 0, 1).medianSeconds());
          }
        }
      } finally {
        for (OrtSession s : sessions.values()) {
          s.close();
        }
      }
    }
    for (Map.Entry<String, Path> v : variants.entrySet()) {
      Path file = v.getValue().resolve(BundleExporter.MUQ_ENCODER_FILE);
      float[] hidden = outputs.get(v.getKey());
      double[] sorted = times.get(v.getKey()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      OrtBench.Timing t = new OrtBench.Timing(median, sorted[0], times.get(v.getKey()));
      if (reference == null) {
        reference = hidden;
        refSeconds = t.minSeconds();
      }
      double maxDiff = OrtBench.maxAbsDiff(reference, hidden);
      double pooled = OrtBench.maxAbsDiff(meanPool(reference, muq.dim()), meanPool(hidden, muq.dim()));
      Map<String, Double> probes = new LinkedHashMap<>();
      if (tracks != null) {
        try (BundleRunner runner = new BundleRunner(v.getValue())) {
          EvalResults r = new Evaluator(runner, null, new AudioLoader(AudioLimits.unlimited()),
              new Evaluator.Settings(List.of("{label} music"), SoftmaxProbe.Settings.defaults(), 20), log).run(tracks);
          r.probes().forEach(p -> probes.put(p.label(), p.model().get(p.bestLayer())));
        }
      }
      // Speed-ups compare the fastest runs: on a shared machine the minimum is the better estimate
      // of the uncontended time, and the round-robin order gave every variant the same chances.
      BenchResults.Precision p = new BenchResults.Precision(config, v.getKey(), Files.size(file), t.medianSeconds(),
          t.minSeconds(), refSeconds / t.minSeconds(), maxDiff, maxDiff / OrtBench.maxAbs(reference), pooled, probes);
      log.printf("precision %-13s %,13d bytes  %.3f s/run (min %.3f)  speed-up %.2fx  max |diff| %.2e (relative %.2e), pooled %.2e %s%n",
          p.variant(), p.encoderBytes(), p.medianSeconds(), p.minSeconds(), p.speedup(), p.maxAbsDiff(), p.relMaxDiff(), p.pooledMaxDiff(),
          probes.isEmpty() ? "" : "probe " + probes);
      res.add(p);
    }
    return res;
  }

  /** Copies an fp32 MuQ bundle with its encoder rewritten to dynamic int8, manifest re-hashed. */
  static Path int8Bundle(Path fp32Dir, Path int8Dir, boolean convs) throws IOException {
    Files.createDirectories(int8Dir);
    OnnxMl.ModelProto fp32;
    try (InputStream in = Files.newInputStream(fp32Dir.resolve(BundleExporter.MUQ_ENCODER_FILE))) {
      fp32 = OnnxMl.ModelProto.parseFrom(com.google.protobuf.CodedInputStream.newInstance(in));
    }
    Int8Quantizer.Result q = Int8Quantizer.quantize(fp32, convs);
    BundleExporter.write(q.model(), int8Dir.resolve(BundleExporter.MUQ_ENCODER_FILE));
    BundleManifest m = BundleManifest.read(fp32Dir);
    Map<String, String> producer = new LinkedHashMap<>(m.producer() == null ? Map.of() : m.producer());
    String tag = convs ? "int8-conv" : "int8";
    producer.put("weights", tag + "-dynamic");
    BundleManifest withProducer = new BundleManifest(m.formatVersion(), m.kind(), m.name() + "-" + tag, m.id() + "-" + tag,
        m.config(), m.sampleRate(), m.clipSeconds(), m.mel(), m.embeddingDim(), m.hiddenDim(), m.numHiddenStates(),
        m.frameRate(), m.temperature(), m.opset(), m.graphs(), m.text(), m.files(), producer,
        m.source(), m.license(), m.licenseNotes());
    withProducer.withFiles(int8Dir, List.of(BundleExporter.MUQ_ENCODER_FILE)).write(int8Dir);
    return int8Dir;
  }

  private static float[] meanPool(float[] hidden, int dim) {
    int frames = hidden.length / dim;
    float[] m = new float[dim];
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < dim; k++) {
        m[k] += hidden[t * dim + k] / frames;
      }
    }
    return m;
  }

  private List<BenchResults.SettingTime> optimizationLevels(Path model, int samples) throws OrtException {
    List<OrtBench.Settings> settings = new ArrayList<>();
    for (OptLevel level : List.of(OptLevel.NO_OPT, OptLevel.BASIC_OPT, OptLevel.EXTENDED_OPT, OptLevel.ALL_OPT)) {
      settings.add(new OrtBench.Settings(level, 0, 1));
    }
    return timeSettings(model, samples, settings);
  }

  private List<BenchResults.SettingTime> threadSettings(Path model, int samples, int cores) throws OrtException {
    TreeSet<Integer> intra = new TreeSet<>();
    for (int n = 1; n <= cores; n *= 2) {
      intra.add(n);
    }
    intra.add(cores);
    List<OrtBench.Settings> settings = new ArrayList<>();
    for (int n : intra) {
      settings.add(new OrtBench.Settings(OptLevel.ALL_OPT, n, 1));
    }
    if (cores >= 2) {
      settings.add(new OrtBench.Settings(OptLevel.ALL_OPT, Math.max(1, cores / 2), 2));
    }
    return timeSettings(model, samples, settings);
  }

  /**
   * Times sessions of one model under several settings round-robin (all open, run in turn), so a
   * change of load on a shared machine affects every setting alike.
   */
  private List<BenchResults.SettingTime> timeSettings(Path model, int samples, List<OrtBench.Settings> settings)
      throws OrtException {
    float[] wave = OrtBench.testWaveform(1, samples, MuqConfig.SAMPLE_RATE);
    List<OrtSession> sessions = new ArrayList<>();
    List<List<Double>> times = new ArrayList<>();
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(wave), new long[] {1, samples})) {
      Map<String, OnnxTensor> feed = Map.of(BundleTensors.WAVEFORM, in);
      String out = null;
      try {
        for (OrtBench.Settings st : settings) {
          OrtSession session = env.createSession(model.toString(), st.options());
          sessions.add(session);
          out = session.getOutputNames().stream()
              .max(java.util.Comparator.comparingInt((String n) -> Integer.parseInt(n.substring(n.lastIndexOf('_') + 1))))
              .orElseThrow();
          OrtBench.time(session, feed, Set.of(out), o.warmup(), 1);
          times.add(new ArrayList<>());
        }
        for (int i = 0; i < o.repeats(); i++) {
          for (int k = 0; k < sessions.size(); k++) {
            times.get(k).add(OrtBench.time(sessions.get(k), feed, Set.of(out), 0, 1).medianSeconds());
          }
        }
      } finally {
        for (OrtSession session : sessions) {
          session.close();
        }
      }
    }
    List<BenchResults.SettingTime> res = new ArrayList<>();
    for (int k = 0; k < settings.size(); k++) {
      double[] sorted = times.get(k).stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      double audio = samples / (double) MuqConfig.SAMPLE_RATE / median;
      log.printf("setting %-40s %.3f s/run (min %.3f), %.1f audio s/s%n", settings.get(k).label(), median, sorted[0], audio);
      res.add(new BenchResults.SettingTime(settings.get(k).label(), median, sorted[0], audio));
    }
    return res;
  }

  private Map<String, Long> profileRun(Path model, int samples) throws OrtException, IOException {
    OrtSession.SessionOptions opts = defaults.options();
    opts.enableProfiling(o.work().resolve("ort-profile").toString());
    float[] wave = OrtBench.testWaveform(1, samples, MuqConfig.SAMPLE_RATE);
    String file;
    try (OrtSession s = env.createSession(model.toString(), opts);
        OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(wave), new long[] {1, samples})) {
      s.run(Map.of(BundleTensors.WAVEFORM, in)).close();
      s.run(Map.of(BundleTensors.WAVEFORM, in)).close();
      file = s.endProfiling();
    }
    Map<String, Long> byOp = OrtProfile.byOpType(Path.of(file));
    long total = byOp.values().stream().mapToLong(Long::longValue).sum();
    log.println("profile (2 runs, kernel time by op type):");
    byOp.forEach((op, us) -> log.printf("  %-28s %10.1f ms  %5.1f%%%n", op, us / 1e3, 100.0 * us / total));
    return byOp;
  }
}
