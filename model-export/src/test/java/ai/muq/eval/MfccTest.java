package ai.muq.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MfccTest {

  static Mfcc mfcc;

  @BeforeAll
  static void open() throws Exception {
    mfcc = new Mfcc(20);
  }

  @AfterAll
  static void close() throws Exception {
    mfcc.close();
  }

  @Test
  void dctIsOrthonormal() {
    double[][] d = Mfcc.dctII(128, 128);
    for (int i = 0; i < 128; i += 9) {
      for (int j = 0; j < 128; j += 7) {
        double s = 0;
        for (int m = 0; m < 128; m++) {
          s += d[i][m] * d[j][m];
        }
        assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-9));
      }
    }
  }

  @Test
  void silenceIsTheDecibelFloorInC0Only() throws Exception {
    float[] f = mfcc.features(new float[24_000]);
    // every band at 10 log10(1e-10) = -100 dB: c0 = sqrt(1/128) * 128 * -100, the rest 0, no spread
    assertThat((double) f[0]).isCloseTo(-100 * Math.sqrt(128), within(1e-2));
    for (int k = 1; k < 20; k++) {
      assertThat((double) f[k]).isCloseTo(0, within(1e-3));
    }
    for (int k = 20; k < 40; k++) {
      assertThat((double) f[k]).isCloseTo(0, within(1e-3));
    }
  }

  @Test
  void doublingTheAmplitudeShiftsOnlyC0By6dBTimesSqrt128() throws Exception {
    Random r = new Random(5);
    float[] x = new float[48_000];
    float[] x2 = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextGaussian() * 0.1);
      x2[i] = 2 * x[i];
    }
    float[] a = mfcc.features(x);
    float[] b = mfcc.features(x2);
    assertThat((double) (b[0] - a[0])).isCloseTo(20 * Math.log10(2) * Math.sqrt(128), within(0.02));
    for (int k = 1; k < 40; k++) {
      assertThat((double) b[k]).as("coefficient %d", k).isCloseTo(a[k], within(0.02));
    }
  }

  @Test
  void aSineConcentratesInItsMelBandSoTheCepstrumIsNotFlat() throws Exception {
    float[] sine = new float[48_000];
    for (int i = 0; i < sine.length; i++) {
      sine[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1000 * i / 24_000.0));
    }
    float[][] db = mfcc.decibels(sine);
    assertThat(db).hasNumberOfRows(128);
    assertThat(db[0]).hasSize(48_000 / 240);
    int peak = 0;
    for (int m = 1; m < 128; m++) {
      if (db[m][100] > db[peak][100]) {
        peak = m;
      }
    }
    // the HTK mel band whose centre is nearest 1 kHz
    double melMax = 2595 * Math.log10(1 + 12000 / 700.0);
    double mel1k = 2595 * Math.log10(1 + 1000 / 700.0);
    int expected = (int) Math.round(mel1k / melMax * 129) - 1;
    assertThat(peak).isBetween(expected - 1, expected + 1);
    float[] f = mfcc.features(sine);
    assertThat(Math.abs(f[1]) + Math.abs(f[2]) + Math.abs(f[3])).isGreaterThan(10f);
  }
}
