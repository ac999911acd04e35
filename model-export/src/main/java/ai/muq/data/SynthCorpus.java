package ai.muq.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sound.midi.Soundbank;

/**
 * Renders a labelled synthetic music corpus: {@code audio/NNNNNN.wav} (24 kHz mono 16-bit) and
 * {@code manifest.jsonl}, one object a line in clip order.
 *
 * <p>Determinism: clip {@code i}'s seed is a hash of (corpus seed, i); its composition, gain and
 * captions come only from that seed, and its split from a permutation seeded by the corpus seed.
 * Rendering uses a fresh synthesizer per clip, so the thread count changes speed, not bytes.
 */
public final class SynthCorpus {

  /** Output sample rate, the models' rate. */
  public static final int SAMPLE_RATE = 24000;

  public static final String MANIFEST = "manifest.jsonl";

  /**
   * @param out output folder (created)
   * @param clips number of clips, at least 1
   * @param seed corpus seed
   * @param seconds clip length
   * @param splitRatios train, valid, test weights (non-negative, positive sum)
   * @param threads rendering threads, at least 1
   */
  public record Options(
      Path out, int clips, long seed, double seconds, double[] splitRatios, int threads) {
    public Options {
      Objects.requireNonNull(out, "out");
      if (clips < 1) {
        throw new IllegalArgumentException("clips must be >= 1: " + clips);
      }
      if (!(seconds >= 0.5 && seconds <= 600)) {
        throw new IllegalArgumentException("seconds must be in [0.5, 600]: " + seconds);
      }
      if (splitRatios.length != 3
          || java.util.Arrays.stream(splitRatios).anyMatch(r -> !(r >= 0))
          || java.util.Arrays.stream(splitRatios).sum() <= 0) {
        throw new IllegalArgumentException(
            "split ratios must be three non-negative numbers (train,valid,test) with a positive sum");
      }
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1: " + threads);
      }
      splitRatios = splitRatios.clone();
    }
  }

  /** What a run did. */
  public record Summary(int clips, double seconds, double clipsPerSecond, Path manifest) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Soundbank soundbank;
  private final Composer composer = new Composer();

  public SynthCorpus(Soundbank soundbank) {
    this.soundbank = Objects.requireNonNull(soundbank);
  }

  /** Renders the corpus; progress goes to {@code progress} (may be null for none). */
  public Summary render(Options options, PrintStream progress) throws IOException {
    GervillRenderer renderer = new GervillRenderer(soundbank, SAMPLE_RATE);
    if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
      throw new IOException("output exists and is not a folder: " + options.out());
    }
    Files.createDirectories(options.out().resolve("audio"));
    String[] splits = assignSplits(options.clips(), options.seed(), options.splitRatios());
    long start = System.nanoTime();
    ProgressBar bar =
        progress == null ? null : new ProgressBar("synth", "clips", options.clips(), progress);
    List<Future<Map<String, Object>>> results = new ArrayList<>(options.clips());
    try (ExecutorService pool = Executors.newFixedThreadPool(options.threads())) {
      for (int i = 0; i < options.clips(); i++) {
        int index = i;
        results.add(
            pool.submit(
                () -> {
                  Map<String, Object> line = renderClip(renderer, options, index, splits[index]);
                  if (bar != null) {
                    bar.step();
                  }
                  return line;
                }));
      }
      Path manifest = options.out().resolve(MANIFEST);
      Path tmp = options.out().resolve(MANIFEST + ".part");
      try {
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          for (Future<Map<String, Object>> f : results) {
            w.write(JSON.writeValueAsString(f.get()));
            w.write('\n');
          }
        }
        Files.move(tmp, manifest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      } catch (ExecutionException e) {
        pool.shutdownNow();
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IllegalStateException("rendering a clip failed: " + cause.getMessage(), cause);
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } finally {
        Files.deleteIfExists(tmp); // only left over when writing failed
      }
      if (bar != null) {
        bar.close();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Summary(options.clips(), seconds, options.clips() / seconds, manifest);
    }
  }

  /** The seed of clip {@code index} in a corpus (SplitMix64 of the pair). */
  public static long clipSeed(long corpusSeed, int index) {
    long z = corpusSeed + (index + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Exact split sizes by the ratios, shuffled over the clips by the corpus seed. */
  static String[] assignSplits(int clips, long seed, double[] ratios) {
    double sum = ratios[0] + ratios[1] + ratios[2];
    int valid = (int) Math.round(clips * ratios[1] / sum);
    int test = (int) Math.round(clips * ratios[2] / sum);
    if (valid + test > clips) {
      test = clips - valid;
    }
    int train = clips - valid - test;
    String[] splits = new String[clips];
    for (int i = 0; i < clips; i++) {
      splits[i] = i < train ? "train" : i < train + valid ? "valid" : "test";
    }
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5EED5EED5EEDL);
    for (int i = clips - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      String t = splits[i];
      splits[i] = splits[j];
      splits[j] = t;
    }
    return splits;
  }

  private Map<String, Object> renderClip(
      GervillRenderer renderer, Options options, int index, String split) throws IOException {
    long seed = clipSeed(options.seed(), index);
    Composition c = composer.compose(seed, options.seconds());
    // A second stream of the clip's seed drives mix, level and captions, leaving the composer's alone.
    SplittableRandom rng = new SplittableRandom(seed).split();
    Mix mix = mix(renderer, c, options.seconds(), rng);
    float[] audio = mix.audio();
    double peak = 0;
    for (float v : audio) {
      peak = Math.max(peak, Math.abs(v));
    }
    double targetPeakDb = -1 - 11 * rng.nextDouble();
    float gain = (float) (Math.pow(10, targetPeakDb / 20) / peak);
    for (int i = 0; i < audio.length; i++) {
      audio[i] *= gain;
    }
    float[] written = WavFiles.quantize16(audio);
    String relative = String.format(Locale.ROOT, "audio/%06d.wav", index);
    WavFiles.writeMono16(options.out().resolve(relative), written, SAMPLE_RATE);

    Map<String, Object> labels = labels(c);
    labels.put("loudness_lufs", round2(Loudness.integratedLufs(written, SAMPLE_RATE)));
    labels.put("rms_dbfs", round2(Loudness.rmsDbfs(written)));
    labels.put("peak_dbfs", round2(Loudness.peakDbfs(written)));
    labels.put("part_levels_lu", mix.levels());

    Map<String, Object> line = new LinkedHashMap<>();
    line.put("path", relative);
    line.put("duration", written.length / (double) SAMPLE_RATE);
    line.put("split", split);
    line.put("labels", labels);
    line.put("tags", tags(c));
    line.put("captions", Captions.write(c, rng));
    line.put("seed", seed);
    return line;
  }

  /**
   * A mixed clip.
   *
   * @param audio the mix, not yet normalised
   * @param levels loudness of each part in the mix relative to the lead, in LU (lead = 0), keyed
   *     {@code lead}, {@code accompaniment}, {@code bass}, {@code drums} for the parts present
   */
  record Mix(float[] audio, Map<String, Double> levels) {}

  /**
   * Renders each part alone and mixes them at levels relative to the lead drawn from the clip's
   * seed: accompaniment 5-9 LU, bass 6-10 LU, drums 3-7 LU below the lead. Balancing measured
   * stems rather than trusting MIDI volumes keeps the labelled lead the loudest part and every
   * labelled part audible whatever the SoundFont's sample levels are.
   */
  static Mix mix(GervillRenderer renderer, Composition c, double seconds, SplittableRandom rng) {
    double accompanimentLevel = -5 - 4 * rng.nextDouble();
    double bassLevel = -6 - 4 * rng.nextDouble();
    double drumsLevel = -3 - 4 * rng.nextDouble();
    float[] lead = stem(renderer, c, seconds, Composer.LEAD);
    double leadLufs = Loudness.integratedLufs(lead, renderer.sampleRate());
    float[] mix = lead.clone();
    Map<String, Double> levels = new LinkedHashMap<>();
    levels.put("lead", 0.0);
    levels.put("accompaniment", round2(accompanimentLevel));
    addAt(mix, stem(renderer, c, seconds, Composer.CHORDS), leadLufs + accompanimentLevel, renderer);
    if (c.bass().isPresent()) {
      levels.put("bass", round2(bassLevel));
      addAt(mix, stem(renderer, c, seconds, Composer.BASS), leadLufs + bassLevel, renderer);
    }
    if (c.hasDrums()) {
      levels.put("drums", round2(drumsLevel));
      addAt(mix, stem(renderer, c, seconds, Composer.DRUMS), leadLufs + drumsLevel, renderer);
    }
    return new Mix(mix, levels);
  }

  private static float[] stem(GervillRenderer renderer, Composition c, double seconds, int channel) {
    float[] audio = renderer.renderChannel(c.sequence(), seconds, channel);
    if (Loudness.integratedLufs(audio, renderer.sampleRate()) <= Loudness.FLOOR_DB) {
      throw new IllegalStateException(
          "MIDI channel " + (channel + 1) + " of a " + c.style().label()
              + " clip rendered silent: the SoundFont lacks its instrument");
    }
    return audio;
  }

  private static void addAt(float[] mix, float[] stem, double targetLufs, GervillRenderer renderer) {
    double lufs = Loudness.integratedLufs(stem, renderer.sampleRate());
    float gain = (float) Math.pow(10, (targetLufs - lufs) / 20);
    for (int i = 0; i < mix.length; i++) {
      mix[i] += gain * stem[i];
    }
  }

  /** The labels a composition determines (loudness is added after rendering). */
  static Map<String, Object> labels(Composition c) {
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("style", c.style().label());
    labels.put("lead_instrument", c.lead().label());
    labels.put("lead_family", c.lead().family().label());
    labels.put("lead_gm_program", c.lead().program());
    labels.put("instruments", c.instruments());
    labels.put("families", c.families());
    labels.put("key", c.key());
    labels.put("mode", c.mode().label());
    labels.put("tempo_bpm", c.bpm());
    labels.put("tempo_bucket", c.tempoBucket());
    labels.put("mood", c.moods());
    labels.put("chord_progression", c.progressionNumerals());
    labels.put("drums", c.hasDrums());
    return labels;
  }

  /** Flat tag words for zero-shot tagging: style, lead, families, moods, mode, tempo bucket. */
  static List<String> tags(Composition c) {
    LinkedHashSet<String> tags = new LinkedHashSet<>();
    tags.add(c.style().label());
    tags.add(c.lead().label());
    tags.addAll(c.families());
    tags.addAll(c.moods());
    tags.add(c.mode().label());
    tags.add(c.tempoBucket());
    return List.copyOf(tags);
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
