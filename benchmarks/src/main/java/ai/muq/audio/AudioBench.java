package ai.muq.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * Measures decode + downmix + resample speed on one thread: a synthetic 3-minute 44.1 kHz stereo
 * 16-bit WAV to 24 kHz mono (the MuQ rate). Pin it to one core for the single-core figure:
 *
 * <pre>taskset -c 0 java -jar benchmarks/target/benchmarks.jar audio [seconds] [runs]</pre>
 *
 * <p>With a third argument, that file is decoded instead of the synthetic WAV (compressed formats
 * need the decoder jars on the class path), e.g. to measure FLAC or MP3 throughput.
 */
public final class AudioBench {

  private AudioBench() {}

  public static void main(String[] args) throws AudioException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 180;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rate = 44100;
    int target = 24000;
    byte[] wav = stereoWav(seconds, rate);
    String label = "44.1 kHz stereo 16-bit WAV";
    if (args.length > 2) {
      try {
        wav = java.nio.file.Files.readAllBytes(java.nio.file.Path.of(args[2]));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      label = args[2];
    }
    AudioLoader loader = new AudioLoader(AudioLimits.unlimited(), null);

    for (int i = 0; i < 5; i++) { // JIT warm-up
      loader.load(wav, "bench.wav", target);
    }
    double[] decode = new double[runs];
    double[] resample = new double[runs];
    double[] total = new double[runs];
    double[] cpu = new double[runs];
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < runs; i++) {
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      DecodedAudio audio = loader.decode(wav, "bench.wav");
      float[] mono = audio.mono();
      rate = audio.sampleRate();
      seconds = audio.seconds();
      long t1 = System.nanoTime();
      float[] out = Resampler.resample(mono, rate, target);
      long t2 = System.nanoTime();
      decode[i] = (t1 - t0) / 1e9;
      resample[i] = (t2 - t1) / 1e9;
      total[i] = (t2 - t0) / 1e9;
      cpu[i] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
      if (out.length != (int) Math.ceil(mono.length * (double) target / rate)) {
        throw new IllegalStateException("unexpected output length " + out.length);
      }
    }
    System.out.printf(Locale.ROOT,
        "%.0f s of %s -> 24 kHz mono, %d runs, %d available processor(s), "
            + "%d taps per output sample%n"
            + "  median: decode+downmix %.1f ms, resample %.1f ms, total %.1f ms = %.0fx real time%n"
            + "  best:   total %.1f ms = %.0fx real time%n"
            + "  thread CPU time (what one core spends, whatever the machine's load): median %.1f ms = %.0fx real time%n",
        seconds, label, runs, Runtime.getRuntime().availableProcessors(), Resampler.tapsPerPhase(rate, target),
        median(decode) * 1e3, median(resample) * 1e3, median(total) * 1e3, seconds / median(total),
        min(total) * 1e3, seconds / min(total), median(cpu) * 1e3, seconds / median(cpu));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double min(double[] values) {
    return java.util.Arrays.stream(values).min().orElseThrow();
  }

  /** A music-like test signal: a few tones plus a little noise, different per channel. */
  static byte[] stereoWav(double seconds, int rate) {
    int frames = (int) Math.round(seconds * rate);
    int dataBytes = frames * 4;
    ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
        .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
        .putShort((short) 2).putInt(rate).putInt(rate * 4).putShort((short) 4).putShort((short) 16)
        .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
    Random random = new Random(1);
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rate;
      double left = 0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.1 * Math.sin(2 * Math.PI * 3520 * t);
      double right = 0.3 * Math.sin(2 * Math.PI * 330 * t) + 0.1 * Math.sin(2 * Math.PI * 14000 * t);
      b.putShort((short) Math.round((left + 0.02 * random.nextGaussian()) * 32767));
      b.putShort((short) Math.round((right + 0.02 * random.nextGaussian()) * 32767));
    }
    return b.array();
  }
}
