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
 * <pre>taskset -c 0 java -cp common/target/classes ai.muq.audio.AudioBench [seconds] [runs]</pre>
 */
public final class AudioBench {

  private AudioBench() {}

  public static void main(String[] args) throws AudioException {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 180;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rate = 44100;
    int target = 24000;
    byte[] wav = stereoWav(seconds, rate);
    AudioLoader loader = new AudioLoader(AudioLimits.unlimited(), null);

    for (int i = 0; i < 5; i++) { // JIT warm-up
      loader.load(wav, "bench.wav", target);
    }
    long decodeNanos = 0;
    long resampleNanos = 0;
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      DecodedAudio audio = loader.decode(wav, "bench.wav");
      float[] mono = audio.mono();
      long t1 = System.nanoTime();
      float[] out = Resampler.resample(mono, rate, target);
      long t2 = System.nanoTime();
      decodeNanos += t1 - t0;
      resampleNanos += t2 - t1;
      if (out.length != (int) Math.ceil(mono.length * (double) target / rate)) {
        throw new IllegalStateException("unexpected output length " + out.length);
      }
    }
    double decode = decodeNanos / 1e9 / runs;
    double resample = resampleNanos / 1e9 / runs;
    double total = decode + resample;
    System.out.printf(Locale.ROOT,
        "%.0f s of 44.1 kHz stereo 16-bit WAV -> 24 kHz mono, %d runs on %d available processor(s):%n"
            + "  decode+downmix %.1f ms, resample %.1f ms (%d taps per output sample), total %.1f ms%n"
            + "  %.0fx real time%n",
        seconds, runs, Runtime.getRuntime().availableProcessors(), decode * 1e3, resample * 1e3,
        Resampler.tapsPerPhase(rate, target), total * 1e3, seconds / total);
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
