package ai.muq.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The MuLan clip rule (reference §5): a track is cut into consecutive clips of a fixed length; a
 * short tail (or a track shorter than one clip) is filled up to the full length by wrapping around
 * from the start of the track. The clip embeddings are then averaged.
 */
public final class Clips {

  private Clips() {}

  public static List<float[]> split(float[] track, int clipSamples) {
    if (track.length == 0) {
      throw new IllegalArgumentException("empty track");
    }
    if (clipSamples <= 0) {
      throw new IllegalArgumentException("clip length must be positive");
    }
    int n = (track.length + clipSamples - 1) / clipSamples;
    List<float[]> clips = new ArrayList<>(n);
    for (int c = 0; c < n; c++) {
      float[] clip = new float[clipSamples];
      long start = (long) c * clipSamples;
      for (int i = 0; i < clipSamples; i++) {
        clip[i] = track[(int) ((start + i) % track.length)];
      }
      clips.add(clip);
    }
    return clips;
  }
}
