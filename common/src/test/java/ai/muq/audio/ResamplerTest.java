package ai.muq.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"44100, 24000", "48000, 24000", "16000, 24000", "22050, 24000", "24000, 16000",
      "44101, 24000", "8000, 44100"})
  void keepsA1kHzToneUnchanged(int from, int to) {
    float[] tone = Signals.sine(1000, from, 0.5, 0.5);
    float[] out = Resampler.resample(tone, from, to);

    assertThat(out).hasSize((int) Math.ceil((double) tone.length * to / from));
    assertThat(Signals.toneAmplitude(out, to, 1000)).isCloseTo(0.5, within(0.5 * 0.002)); // 0.02 dB
    assertThat(Signals.zeroCrossingHz(out, to)).isCloseTo(1000, within(0.5));
    // Everything else in the output is filter error: at least 70 dB below the tone.
    float[] expected = Signals.sine(1000, to, (double) out.length / to, 0.5);
    double error = 0;
    for (int i = out.length / 5; i < out.length * 4 / 5; i++) {
      error += Math.pow(out[i] - expected[i], 2);
    }
    double errorRms = Math.sqrt(error / (out.length * 3 / 5));
    assertThat(Signals.db(errorRms / (0.5 / Math.sqrt(2)))).isLessThan(-70);
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"44100, 24000", "48000, 24000", "16000, 24000", "44101, 24000"})
  void passBandIsFlatUpTo085OfNyquist(int from, int to) {
    double nyquist = Math.min(from, to) / 2.0;
    for (double fraction : new double[] {0.05, 0.3, 0.6, 0.85}) {
      double hz = fraction * nyquist;
      float[] out = Resampler.resample(Signals.sine(hz, from, 0.5, 0.5), from, to);
      double gainDb = Signals.db(Signals.toneAmplitude(out, to, hz) / 0.5);
      assertThat(gainDb).as("%.0f Hz", hz).isCloseTo(0.0, within(0.01));
    }
  }

  @Test
  void rejectsA15kHzToneBy60dBWhenGoingTo24kHz() {
    float[] tone = Signals.sine(15000, 44100, 0.5, 0.5);
    float[] out = Resampler.resample(tone, 44100, 24000);

    double attenuation = Signals.db(Signals.rmsMiddle(out) / Signals.rmsMiddle(tone));
    System.out.printf("15 kHz tone, 44.1 -> 24 kHz: %.1f dB%n", attenuation);
    assertThat(attenuation).isLessThan(-60);
  }

  @ParameterizedTest(name = "{0} Hz tone, {1} Hz -> {2} Hz")
  @CsvSource({"13000, 44100, 24000", "12960, 48000, 24000", "20000, 44100, 24000",
      "9000, 44100, 16000", "13000, 44101, 24000"})
  void rejectsEverythingInTheStopBandBy70dB(double hz, int from, int to) {
    float[] tone = Signals.sine(hz, from, 0.5, 0.5);
    float[] out = Resampler.resample(tone, from, to);

    assertThat(Signals.db(Signals.rmsMiddle(out) / Signals.rmsMiddle(tone))).isLessThan(-70);
  }

  @Test
  void keepsDcAndAlignsSampleZero() {
    float[] ones = new float[4410];
    java.util.Arrays.fill(ones, 0.25f);
    float[] out = Resampler.resample(ones, 44100, 24000);
    for (int i = 200; i < out.length - 200; i++) {
      assertThat(out[i]).isCloseTo(0.25f, within(1e-5f));
    }
    // An impulse at input sample 441 (10 ms) peaks at output sample 240 (10 ms).
    float[] impulse = new float[4410];
    impulse[441] = 1;
    float[] response = Resampler.resample(impulse, 44100, 24000);
    int peak = 0;
    for (int i = 1; i < response.length; i++) {
      if (Math.abs(response[i]) > Math.abs(response[peak])) {
        peak = i;
      }
    }
    assertThat(peak).isEqualTo(240);
  }

  @ParameterizedTest(name = "{0} Hz -> {1} Hz")
  @CsvSource({"44100, 24000", "16000, 24000", "48000, 24000"})
  void shortAndLongSignalsTakeDifferentPathsToTheSameResult(int from, int to) {
    // Short inputs use one dot product per output, long ones the blocked phase-major path.
    java.util.Random random = new java.util.Random(3);
    float[] longSignal = new float[from * 2];
    for (int i = 0; i < longSignal.length; i++) {
      longSignal[i] = (float) random.nextGaussian() * 0.2f;
    }
    float[] prefix = java.util.Arrays.copyOf(longSignal, 600);
    float[] fromLong = Resampler.resample(longSignal, from, to);
    float[] fromPrefix = Resampler.resample(prefix, from, to);
    int taps = Resampler.tapsPerPhase(from, to);
    int comparable = fromPrefix.length - (int) Math.ceil((double) taps * to / from);
    assertThat(comparable).isGreaterThan(100);
    for (int i = 0; i < comparable; i++) {
      assertThat(fromPrefix[i]).as("sample %d", i).isCloseTo(fromLong[i], within(1e-5f));
    }
  }

  @Test
  void equalRatesCopyAndEmptyStaysEmpty() {
    float[] x = {0.1f, -0.2f, 0.3f};
    float[] same = Resampler.resample(x, 24000, 24000);
    assertThat(same).containsExactly(x).isNotSameAs(x);
    assertThat(Resampler.resample(new float[0], 44100, 24000)).isEmpty();
  }

  @Test
  void refusesNonPositiveRates() {
    assertThatThrownBy(() -> Resampler.resample(new float[1], 0, 24000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Resampler.resample(new float[1], 44100, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
