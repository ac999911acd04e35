package ai.muq.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a rational factor L/M: a Kaiser-windowed sinc low-pass
 * evaluated as a polyphase filter bank, so each output sample costs one short dot product.
 *
 * <p>Design (both directions): the low-pass cut-off sits at the lower of the two Nyquist
 * frequencies; the pass band is flat (ripple below 0.01 dB) up to {@value #PASS_EDGE} of that
 * Nyquist frequency, and from {@value #STOP_EDGE} of it on everything is attenuated by at least
 * {@value #STOPBAND_DB} dB. Only the narrow band between {@value #PASS_EDGE} and 1.0 of the target
 * Nyquist frequency can receive (attenuated) aliases. Output sample {@code n} is the band-limited
 * input evaluated at time {@code n / toRate}, so sample 0 of input and output coincide and the
 * output has {@code ceil(length * toRate / fromRate)} samples. Outside the input, the signal is
 * taken as zero.
 *
 * <p>Filter banks are cached per rate pair (the trainer converts thousands of files at one ratio).
 * Thread-safe.
 */
public final class Resampler {

  /** Stop-band attenuation of the Kaiser design, in dB. */
  static final double STOPBAND_DB = 75.0;
  /** End of the pass band as a fraction of the lower Nyquist frequency. */
  static final double PASS_EDGE = 0.88;
  /** Start of the stop band as a fraction of the lower Nyquist frequency. */
  static final double STOP_EDGE = 1.08;
  /** Largest exact polyphase table (floats); awkward ratios use an interpolated table instead. */
  private static final long MAX_EXACT_TABLE = 1L << 22;
  /** Phases of the interpolated table; linear interpolation between them errs below -110 dB. */
  private static final int INTERPOLATED_PHASES = 1024;

  /** Outputs per phase below which the plain dot-product path is faster. */
  private static final int MIN_OUTPUTS_PER_PHASE = 64;
  /** Outputs of one phase computed together: small enough for L1, long enough for SIMD. */
  private static final int BLOCK = 256;

  private static final Map<Long, FilterBank> CACHE = new ConcurrentHashMap<>();
  private static final int CACHE_LIMIT = 64;

  private Resampler() {}

  /**
   * Converts {@code mono} from {@code fromRate} to {@code toRate}.
   *
   * @return a new array of {@code ceil(mono.length * toRate / fromRate)} samples (a copy when the
   *     rates are equal)
   */
  public static float[] resample(float[] mono, int fromRate, int toRate) {
    if (mono == null) {
      throw new IllegalArgumentException("mono must not be null");
    }
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException(
          "sample rates must be > 0, got " + fromRate + " -> " + toRate);
    }
    if (fromRate == toRate) {
      return mono.clone();
    }
    return bank(fromRate, toRate).apply(mono);
  }

  /** Number of input samples one output sample depends on (for tests and documentation). */
  static int tapsPerPhase(int fromRate, int toRate) {
    return bank(fromRate, toRate).taps;
  }

  private static FilterBank bank(int fromRate, int toRate) {
    long key = ((long) fromRate << 32) | toRate;
    FilterBank bank = CACHE.get(key);
    if (bank == null) {
      bank = FilterBank.design(fromRate, toRate);
      if (CACHE.size() >= CACHE_LIMIT) {
        CACHE.clear();
      }
      CACHE.put(key, bank);
    }
    return bank;
  }

  /**
   * The polyphase table. Row {@code p} holds the taps for output times that fall {@code p/phases}
   * of an input sample after an input sample; taps are padded with zeros to a multiple of 4.
   */
  private static final class FilterBank {
    final int up; // L
    final int down; // M
    final int half; // H: input samples on each side of the output time
    final int taps; // padded 2H
    final int phases;
    final boolean exact;
    final float[] table;

    private FilterBank(int up, int down, int half, int taps, int phases, boolean exact) {
      this.up = up;
      this.down = down;
      this.half = half;
      this.taps = taps;
      this.phases = phases;
      this.exact = exact;
      this.table = new float[(phases + (exact ? 0 : 1)) * taps];
    }

    static FilterBank design(int fromRate, int toRate) {
      int g = gcd(fromRate, toRate);
      int up = toRate / g;
      int down = fromRate / g;
      // Frequencies in cycles per input sample.
      double nyquist = 0.5 * Math.min(1.0, (double) up / down);
      double cutoff = 0.5 * (PASS_EDGE + STOP_EDGE) * nyquist;
      double transition = (STOP_EDGE - PASS_EDGE) * nyquist;
      // Kaiser's estimates of the filter length and window shape for the wanted attenuation.
      double length = (STOPBAND_DB - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;
      int half = (int) Math.ceil(length / 2);
      int taps = (2 * half + 3) & ~3;
      double beta = 0.1102 * (STOPBAND_DB - 8.7);
      boolean exact = (long) up * taps <= MAX_EXACT_TABLE;
      int phases = exact ? up : INTERPOLATED_PHASES;
      FilterBank bank = new FilterBank(up, down, half, taps, phases, exact);
      double i0Beta = besselI0(beta);
      int rows = phases + (exact ? 0 : 1);
      for (int p = 0; p < rows; p++) {
        double frac = (double) p / phases;
        double sum = 0;
        int row = p * taps;
        for (int j = 0; j < 2 * half; j++) {
          double tau = half - 1 - j + frac; // output time minus input sample time
          double x = tau / half;
          double window = Math.abs(x) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
          double value = 2 * cutoff * sinc(2 * cutoff * tau) * window;
          bank.table[row + j] = (float) value;
          sum += value;
        }
        // Unit gain at DC for every phase: no ripple at the rate of the phase pattern.
        for (int j = 0; j < 2 * half; j++) {
          bank.table[row + j] = (float) (bank.table[row + j] / sum);
        }
      }
      return bank;
    }

    float[] apply(float[] input) {
      long outLength = ((long) input.length * up + down - 1) / down;
      if (outLength > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException("resampled signal too long: " + outLength);
      }
      int n = (int) outLength;
      if (exact && n >= MIN_OUTPUTS_PER_PHASE * (long) up) {
        return applyPhaseMajor(input, n);
      }
      return applyDirect(input, n);
    }

    /**
     * The fast path for long signals and small L: outputs {@code p, p + L, p + 2L, ...} share one
     * filter phase and read input samples {@code M} apart. Splitting the input into its {@code M}
     * polyphase components makes each tap's contribution to a block of those outputs a contiguous
     * {@code y += c * x}, which the JIT turns into SIMD code; blocks keep the data in cache.
     */
    private float[] applyPhaseMajor(float[] input, int outLength) {
      int width = 2 * half;
      // Padded input index of input sample k is k + half - 1; component r holds indices r + qM.
      int padded = input.length + width + down + 2;
      int componentLength = padded / down + 2;
      float[][] components = new float[down][componentLength];
      int r = (half - 1) % down;
      int q = (half - 1) / down;
      for (float sample : input) {
        components[r][q] = sample;
        if (++r == down) {
          r = 0;
          q++;
        }
      }
      int[] tapComponent = new int[up * width];
      int[] tapOffset = new int[up * width];
      int[] tableRow = new int[up];
      int[] count = new int[up];
      for (int p = 0; p < up; p++) {
        long position = (long) p * down;
        int start = (int) (position / up);
        tableRow[p] = (int) (position % up) * taps;
        count[p] = p < outLength ? (outLength - p + up - 1) / up : 0;
        for (int j = 0; j < width; j++) {
          tapComponent[p * width + j] = (start + j) % down;
          tapOffset[p * width + j] = (start + j) / down;
        }
      }
      float[] out = new float[outLength];
      float[] block = new float[BLOCK];
      float[] h = table;
      for (int kb = 0; kb < count[0]; kb += BLOCK) {
        for (int p = 0; p < up; p++) {
          int len = Math.min(BLOCK, count[p] - kb);
          if (len <= 0) {
            continue;
          }
          java.util.Arrays.fill(block, 0, len, 0f);
          int row = tableRow[p];
          int tap = p * width;
          for (int j = 0; j < width; j++) {
            axpy(block, len, h[row + j], components[tapComponent[tap + j]], tapOffset[tap + j] + kb);
          }
          for (int k = 0, o = p + kb * up; k < len; k++, o += up) {
            out[o] = block[k];
          }
        }
      }
      return out;
    }

    /** {@code y[0..len) += c * x[offset..offset+len)}; a loop shape the JIT vectorises. */
    private static void axpy(float[] y, int len, float c, float[] x, int offset) {
      for (int k = 0; k < len; k++) {
        y[k] += c * x[offset + k];
      }
    }

    /** One dot product per output: for short signals and for the interpolated table. */
    private float[] applyDirect(float[] input, int outLength) {
      float[] out = new float[outLength];
      // Zero-padded copy: input sample k lives at padded[k + half - 1], so the dot product for an
      // output whose time lies after input sample s starts at padded[s].
      float[] padded = new float[input.length + 2 * half + taps];
      System.arraycopy(input, 0, padded, half - 1, input.length);
      float[] h = table;
      int t = taps;
      int whole = down / up;
      int step = down % up;
      int s = 0;
      int f = 0;
      if (exact) {
        for (int n = 0; n < out.length; n++) {
          out[n] = dot(h, f * t, padded, s, t);
          s += whole;
          f += step;
          if (f >= up) {
            f -= up;
            s++;
          }
        }
      } else {
        double scale = (double) phases / up;
        for (int n = 0; n < out.length; n++) {
          double position = f * scale;
          int p = (int) position;
          float w = (float) (position - p);
          float a = dot(h, p * t, padded, s, t);
          float b = dot(h, (p + 1) * t, padded, s, t);
          out[n] = a + w * (b - a);
          s += whole;
          f += step;
          if (f >= up) {
            f -= up;
            s++;
          }
        }
      }
      return out;
    }

    /** Dot product with four independent accumulators so the CPU can overlap the additions. */
    private static float dot(float[] h, int hOffset, float[] x, int xOffset, int length) {
      float a0 = 0;
      float a1 = 0;
      float a2 = 0;
      float a3 = 0;
      for (int j = 0; j < length; j += 4) {
        a0 += h[hOffset + j] * x[xOffset + j];
        a1 += h[hOffset + j + 1] * x[xOffset + j + 1];
        a2 += h[hOffset + j + 2] * x[xOffset + j + 2];
        a3 += h[hOffset + j + 3] * x[xOffset + j + 3];
      }
      return (a0 + a1) + (a2 + a3);
    }
  }

  private static double sinc(double x) {
    if (x == 0) {
      return 1;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double quarterSquare = x * x / 4;
    for (int k = 1; k < 200; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int r = a % b;
      a = b;
      b = r;
    }
    return a;
  }
}
