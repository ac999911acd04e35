package ai.muq.bundle;

import java.util.ArrayList;
import java.util.List;

/**
 * How long audio is cut into model-sized clips and how clip embeddings become one track vector.
 * The service, {@code eval} and the benchmarks all use this one rule, so evaluation measures
 * exactly what is served.
 */
public final class Clips {

  private Clips() {}

  /**
   * Where clip {@code index} lies in a track, in seconds; the last clip ends with the track (its
   * wrapped fill is not counted).
   */
  public record Span(double start, double end) {

    public static Span of(int index, double clipSeconds, double durationSeconds) {
      return new Span(index * clipSeconds, Math.min((index + 1) * clipSeconds, durationSeconds));
    }
  }

  /**
   * The MuLan rule (reference section 5): consecutive clips of exactly {@code clipSamples}; a short
   * tail (or a track shorter than one clip) is filled up to a whole clip by wrapping around from
   * the start of the track.
   *
   * @throws IllegalArgumentException for empty audio or a non-positive clip length
   */
  public static List<float[]> mulanClips(float[] wave, int clipSamples) {
    if (wave.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (clipSamples <= 0) {
      throw new IllegalArgumentException("clip length must be positive: " + clipSamples);
    }
    int count = (int) ((wave.length + (long) clipSamples - 1) / clipSamples);
    List<float[]> clips = new ArrayList<>(count);
    for (int c = 0; c < count; c++) {
      float[] clip = new float[clipSamples];
      long start = (long) c * clipSamples;
      int direct = (int) Math.min(clipSamples, wave.length - start);
      System.arraycopy(wave, (int) start, clip, 0, direct);
      for (int j = direct; j < clipSamples; j++) {
        clip[j] = wave[(j - direct) % wave.length];
      }
      clips.add(clip);
    }
    return clips;
  }

  /**
   * Chunks for frame-level features: consecutive pieces of {@code chunkSamples}; a tail shorter
   * than {@code minSamples} joins the previous chunk; audio shorter than {@code minSamples} is
   * filled up to it by wrapping (the caller trims the frames of that fill away).
   */
  public static List<float[]> featureChunks(float[] wave, int chunkSamples, int minSamples) {
    if (wave.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    if (chunkSamples <= 0 || minSamples <= 0 || minSamples > chunkSamples) {
      throw new IllegalArgumentException("bad chunk sizes " + chunkSamples + "/" + minSamples);
    }
    if (wave.length < minSamples) {
      float[] filled = new float[minSamples];
      for (int j = 0; j < minSamples; j++) {
        filled[j] = wave[j % wave.length];
      }
      return List.of(filled);
    }
    List<float[]> chunks = new ArrayList<>();
    int start = 0;
    while (start < wave.length) {
      int end = Math.min(wave.length, start + chunkSamples);
      if (wave.length - end > 0 && wave.length - end < minSamples) {
        end = wave.length;
      }
      float[] chunk = new float[end - start];
      System.arraycopy(wave, start, chunk, 0, chunk.length);
      chunks.add(chunk);
      start = end;
    }
    return chunks;
  }

  /** Element-wise mean of equally long vectors (not renormalised, as the reference does). */
  public static float[] mean(List<float[]> vectors) {
    if (vectors.isEmpty()) {
      throw new IllegalArgumentException("no vectors");
    }
    int dim = vectors.getFirst().length;
    double[] sum = new double[dim];
    for (float[] v : vectors) {
      if (v.length != dim) {
        throw new IllegalArgumentException("vectors differ in length");
      }
      for (int i = 0; i < dim; i++) {
        sum[i] += v[i];
      }
    }
    float[] out = new float[dim];
    for (int i = 0; i < dim; i++) {
      out[i] = (float) (sum[i] / vectors.size());
    }
    return out;
  }
}
