package ai.muq.model;

import java.util.Random;

/** Moves every parameter away from its trivial initial value so parity tests exercise it. */
public final class Perturb {

  private Perturb() {}

  public static void all(ParamStore store, long seed) {
    Random r = new Random(seed);
    for (ParamSpec s : store.specs()) {
      if (s.name().endsWith("mel_stat.mean") || s.name().endsWith("mel_stat.std")) {
        continue;
      }
      float[] v = store.floats(s.name());
      switch (s.init()) {
        case ONES -> {
          for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f + r.nextFloat(); // positive: scales and running variances
          }
        }
        case ZEROS -> {
          for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.1);
          }
        }
        default -> {
          continue;
        }
      }
      store.set(s.name(), v);
    }
  }
}
