package ai.muq.inference;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Runs every graph once before the service reports ready. Spring Boot turns readiness to
 * ACCEPTING_TRAFFIC only after all application runners returned, so the readiness probe stays
 * false until this has finished (the web server, and liveness, are up meanwhile).
 *
 * <p>It also checks that padded text batches equal texts run alone on this model's graph; where
 * they do not (a text tower that ignores the attention mask), texts only share runs with texts of
 * the same token length.
 */
public final class ModelWarmup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(ModelWarmup.class);

  /** Largest difference between a padded-batch and an alone embedding that counts as equal. */
  static final float PADDING_TOLERANCE = 1e-4f;

  private final ModelRegistry registry;
  private final boolean enabled;

  public ModelWarmup(ModelRegistry registry, boolean enabled) {
    this.registry = registry;
    this.enabled = enabled;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!enabled) {
      return;
    }
    for (ServedModel m : registry.models()) {
      long t0 = System.nanoTime();
      warm(m);
      log.info("Warmed up model {} in {} ms", m.name(), (System.nanoTime() - t0) / 1_000_000);
    }
  }

  static void warm(ServedModel m) {
    float[] silence = new float[m.clipSamples()];
    if (m.hasMulan()) {
      m.clipEmbeddings(silence);
      checkTextPadding(m);
    }
    if (m.hasEncoder()) {
      m.hiddenStates(silence, new int[] {m.manifest().numHiddenStates() - 1});
    }
  }

  static void checkTextPadding(ServedModel m) {
    TokenizedText shortText = m.tokenize("piano");
    TokenizedText longText = m.tokenize("a calm piano piece with soft strings and a slow tempo");
    float[] aloneShort = m.textEmbeddings(List.of(shortText)).getFirst();
    float[] aloneLong = m.textEmbeddings(List.of(longText)).getFirst();
    m.paddedTextBatches(true);
    List<float[]> together = m.textEmbeddingsOneRun(List.of(shortText, longText));
    float diff = Math.max(maxAbsDiff(aloneShort, together.get(0)), maxAbsDiff(aloneLong, together.get(1)));
    if (diff > PADDING_TOLERANCE) {
      m.paddedTextBatches(false);
      log.warn("Model {}: padded text batches differ from single texts by {}; texts of different "
          + "lengths will not share a run", m.name(), diff);
    }
  }

  static float maxAbsDiff(float[] a, float[] b) {
    float d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs(a[i] - b[i]));
    }
    return d;
  }
}
