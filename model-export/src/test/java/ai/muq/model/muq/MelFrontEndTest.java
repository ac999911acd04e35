package ai.muq.model.muq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.muq.cli.Engines;
import ai.muq.model.DjlOps;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The front-end against expectations computed independently of its implementation. */
class MelFrontEndTest {

  static NDManager manager;
  static MelFrontEnd frontEnd;
  static ParamStore store;

  @BeforeAll
  static void setUp() {
    Engines.init();
    manager = NDManager.newBaseManager();
    frontEnd = new MelFrontEnd("model.", ai.muq.model.ModelConfig.named("tiny").muq());
    store = new ParamStore(manager, frontEnd.params());
    store.set(frontEnd.meanName(), new float[] {0f});
    store.set(frontEnd.stdName(), new float[] {1f});
  }

  @AfterAll
  static void tearDown() {
    manager.close();
  }

  private static float[][] decibels(float[] wave) {
    try (NDManager sub = manager.newSubManager()) {
      NDArray db = frontEnd.decibels(DjlOps.inference(store, sub), sub.create(wave, new Shape(1, wave.length)));
      long[] s = db.getShape().getShape();
      float[] flat = db.toFloatArray();
      float[][] out = new float[(int) s[1]][(int) s[2]];
      for (int m = 0; m < s[1]; m++) {
        System.arraycopy(flat, (int) (m * s[2]), out[m], 0, (int) s[2]);
      }
      return out;
    }
  }

  @Test
  void tenSecondsGiveThousandFramesAfterTheLastIsDropped() {
    float[][] db = decibels(new float[240_000]);
    assertThat(db).hasNumberOfRows(128);
    assertThat(db[0]).hasSize(1000); // 1001 centred frames, last dropped
    assertThat(MelFrontEnd.frames(240_000)).isEqualTo(1000);
    float[][] odd = decibels(new float[24_000 + 100]);
    assertThat(odd[0]).hasSize((24_100 / 240 + 1) - 1);
  }

  @Test
  void silenceSitsOnTheDecibelFloor() {
    float[][] db = decibels(new float[24_000]);
    for (float[] band : db) {
      for (float v : band) {
        assertThat(v).isCloseTo(-100f, offset(1e-3f));
      }
    }
  }

  @Test
  void aPureSineLandsInTheMelBandOfItsFrequencyAtTheExpectedLevel() {
    double freq = 1000;
    double amp = 0.5;
    float[] wave = new float[48_000];
    for (int i = 0; i < wave.length; i++) {
      wave[i] = (float) (amp * Math.sin(2 * Math.PI * freq * i / MuqConfig.SAMPLE_RATE));
    }
    float[][] db = decibels(wave);
    int frame = 100; // away from the edges
    int best = 0;
    for (int m = 1; m < 128; m++) {
      if (db[m][frame] > db[best][frame]) {
        best = m;
      }
    }
    // Independent expectation: the band whose HTK centre is nearest to 1 kHz.
    double mMax = 2595 * Math.log10(1 + 12_000 / 700.0);
    double melOf1k = 2595 * Math.log10(1 + freq / 700.0);
    int expectedBand = (int) Math.round(melOf1k / (mMax / 129)) - 1;
    assertThat(best).isBetween(expectedBand - 1, expectedBand + 1);
    // Hann-windowed DFT of a sine: peak |X| = amp * sum(w) / 2 = amp * N / 4 at the bin; the
    // band sums |X|^2 of the bins under its triangle, so the level is within a few dB of that.
    double peakPower = Math.pow(amp * 2048 / 4.0, 2);
    double expectedDb = 10 * Math.log10(peakPower);
    assertThat((double) db[best][frame]).isBetween(expectedDb - 6, expectedDb + 3);
    // Far bands stay near the floor relative to the peak.
    assertThat((double) db[127][frame]).isLessThan(db[best][frame] - 60);
  }

  @Test
  void filterbankIsHtkTrianglesWithoutAreaNormalisation() {
    float[] fb = MelFrontEnd.melFilterbankTransposed(1025, 128, 24_000, 12_000);
    assertThat(fb).hasSize(128 * 1025);
    for (int m = 0; m < 128; m++) {
      float max = 0;
      for (int k = 0; k < 1025; k++) {
        max = Math.max(max, fb[m * 1025 + k]);
        assertThat(fb[m * 1025 + k]).isBetween(0f, 1f);
      }
      // Unnormalised triangles peak near 1 (exactly 1 only when a bin hits the centre).
      assertThat(max).isGreaterThan(m < 8 ? 0.0f : 0.5f);
    }
    assertThat(MelFrontEnd.hzToMel(700)).isCloseTo(2595 * Math.log10(2), offset(1e-9));
    assertThat(MelFrontEnd.melToHz(MelFrontEnd.hzToMel(4321.0))).isCloseTo(4321.0, offset(1e-6));
  }

  @Test
  void normalisationUsesTheStoredStatistics() {
    store.set(frontEnd.meanName(), new float[] {-50f});
    store.set(frontEnd.stdName(), new float[] {25f});
    try (NDManager sub = manager.newSubManager()) {
      NDArray out = frontEnd.forward(DjlOps.inference(store, sub), sub.zeros(new Shape(1, 4800)));
      for (float v : out.toFloatArray()) {
        assertThat(v).isCloseTo((-100f + 50f) / 25f, offset(1e-4f));
      }
    } finally {
      store.set(frontEnd.meanName(), new float[] {0f});
      store.set(frontEnd.stdName(), new float[] {1f});
    }
  }

  @Test
  void declaresOnlyTheStatisticsAsBuffers() {
    List<ai.muq.model.ParamSpec> p = frontEnd.params();
    assertThat(p).extracting(ai.muq.model.ParamSpec::name).containsExactly("model.mel_stat.mean", "model.mel_stat.std");
    assertThat(p).noneMatch(ai.muq.model.ParamSpec::trainable);
  }
}
