package ai.muq.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LoudnessTest {

  private static float[] sine(double hz, double amplitude, double seconds, int rate) {
    float[] x = new float[(int) (seconds * rate)];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return x;
  }

  @Test
  void fullScaleSineAt997HzReadsMinus3Lufs() {
    // BS.1770's reference: a 0 dBFS 997 Hz sine in one channel measures -3.01 LKFS.
    for (int rate : new int[] {24000, 44100, 48000}) {
      assertThat(Loudness.integratedLufs(sine(997, 1.0, 3, rate), rate))
          .isCloseTo(-3.01, within(0.1));
    }
  }

  @Test
  void loudnessScalesWithGainAndGatesSilence() {
    float[] quiet = sine(997, 0.1, 3, 24000);
    assertThat(Loudness.integratedLufs(quiet, 24000)).isCloseTo(-23.01, within(0.1));
    // Appending silence hardly changes gated loudness (only the 3 blocks straddling the end
    // count, at 75/50/25 % energy: about -0.25 LU), while RMS drops by 3 dB.
    float[] padded = new float[quiet.length * 2];
    System.arraycopy(quiet, 0, padded, 0, quiet.length);
    assertThat(Loudness.integratedLufs(padded, 24000)).isCloseTo(-23.01 - 0.25, within(0.1));
    assertThat(Loudness.rmsDbfs(padded)).isCloseTo(Loudness.rmsDbfs(quiet) - 3.01, within(0.05));
    assertThat(Loudness.integratedLufs(new float[24000], 24000)).isEqualTo(Loudness.FLOOR_DB);
  }

  @Test
  void kWeightingCutsLowFrequencies() {
    double low = Loudness.integratedLufs(sine(30, 0.5, 3, 24000), 24000);
    double mid = Loudness.integratedLufs(sine(997, 0.5, 3, 24000), 24000);
    assertThat(mid - low).isGreaterThan(3);
    assertThat(Loudness.rmsDbfs(sine(997, 1.0, 1, 24000))).isCloseTo(-3.01, within(0.01));
    assertThat(Loudness.peakDbfs(sine(997, 0.5, 1, 24000))).isCloseTo(-6.02, within(0.01));
  }
}
