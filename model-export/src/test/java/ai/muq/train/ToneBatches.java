package ai.muq.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic source of small music-like clips for trainer tests: note sequences of harmonic
 * tones from a few instruments (harmonic profiles), each clip captioned by its instrument and
 * register. Batch i depends only on (seed, i), so skipping resumes exactly.
 */
final class ToneBatches implements BatchSource {

  static final String[] INSTRUMENTS = {"flute", "organ", "bass"};
  private final long seed;
  private final int batchSize;
  private final int samples;
  private long index;

  ToneBatches(long seed, int batchSize, int samples) {
    this.seed = seed;
    this.batchSize = batchSize;
    this.samples = samples;
  }

  @Override
  public Batch next() {
    Random r = new Random(seed * 1_000_003L + index++);
    float[][] waves = new float[batchSize][];
    List<List<String>> captions = new ArrayList<>();
    for (int b = 0; b < batchSize; b++) {
      int instrument = r.nextInt(INSTRUMENTS.length);
      waves[b] = clip(r, instrument, samples);
      captions.add(List.of(INSTRUMENTS[instrument] + " music"));
    }
    return new Batch(waves, captions);
  }

  @Override
  public String position() {
    return Long.toString(index);
  }

  @Override
  public void seek(String position) {
    index = Long.parseLong(position);
  }

  static float[] clip(Random r, int instrument, int samples) {
    float[] out = new float[samples];
    int noteLen = 24_000 / 8;
    double base = instrument == 2 ? 55 : instrument == 1 ? 220 : 440;
    for (int start = 0; start < samples; start += noteLen) {
      double f = base * Math.pow(2, r.nextInt(12) / 12.0);
      for (int i = start; i < Math.min(samples, start + noteLen); i++) {
        double t = (i - start) / 24_000.0;
        double env = Math.exp(-3 * t);
        double v = 0;
        for (int h = 1; h <= 6; h++) {
          double amp = switch (instrument) {
            case 0 -> h == 1 ? 1 : 0.05; // flute: nearly pure
            case 1 -> 1.0 / h; // organ: rich
            default -> h <= 2 ? 1 : 0.3 / h; // bass
          };
          v += amp * Math.sin(2 * Math.PI * f * h * t);
        }
        out[i] = (float) (0.2 * env * v + 0.005 * r.nextGaussian());
      }
    }
    return out;
  }
}
