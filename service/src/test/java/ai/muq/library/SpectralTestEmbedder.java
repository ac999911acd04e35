package ai.muq.library;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic test double of the model (not a product embedder): a track vector is the energy
 * of the audio in 16 log-spaced frequency bands (Goertzel filters), so tones of different pitch
 * get different directions; a text naming a frequency ("440 hz") maps to that band. Lets the
 * library, ingest and REST tests check real search behaviour without a model.
 */
final class SpectralTestEmbedder implements TrackEmbedder {

  static final int DIM = 16;
  static final double SEGMENT_SECONDS = 10;
  private static final Pattern HZ = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*hz");

  private final String bundleId;
  final AtomicInteger trackCalls = new AtomicInteger();

  SpectralTestEmbedder(String bundleId) {
    this.bundleId = bundleId;
  }

  static double bandFrequency(int band) {
    return 100 * Math.pow(2, band * 0.4);
  }

  static int nearestBand(double hz) {
    int best = 0;
    for (int b = 1; b < DIM; b++) {
      if (Math.abs(Math.log(bandFrequency(b) / hz)) < Math.abs(Math.log(bandFrequency(best) / hz))) {
        best = b;
      }
    }
    return best;
  }

  @Override
  public String bundleId() {
    return bundleId;
  }

  @Override
  public TrackEmbedding embedTrack(float[] waveform24k) {
    trackCalls.incrementAndGet();
    int segmentLength = (int) (SEGMENT_SECONDS * AudioDecoder.SAMPLE_RATE);
    List<SegmentVector> segments = new ArrayList<>();
    float[] total = new float[DIM];
    for (int start = 0; start < waveform24k.length; start += segmentLength) {
      int end = Math.min(waveform24k.length, start + segmentLength);
      float[] v = bandEnergies(waveform24k, start, end);
      for (int i = 0; i < DIM; i++) {
        total[i] += v[i];
      }
      segments.add(new SegmentVector(start / (double) AudioDecoder.SAMPLE_RATE, end / (double) AudioDecoder.SAMPLE_RATE, v));
    }
    return new TrackEmbedding(total, segments);
  }

  @Override
  public float[] embedText(String text) {
    float[] v = new float[DIM];
    Matcher m = HZ.matcher(text.toLowerCase(Locale.ROOT));
    boolean any = false;
    while (m.find()) {
      v[nearestBand(Double.parseDouble(m.group(1)))] = 1;
      any = true;
    }
    if (!any) {
      v[Math.floorMod(text.hashCode(), DIM)] = 1;
    }
    return v;
  }

  private static float[] bandEnergies(float[] x, int from, int to) {
    float[] v = new float[DIM];
    for (int b = 0; b < DIM; b++) {
      double coeff = 2 * Math.cos(2 * Math.PI * bandFrequency(b) / AudioDecoder.SAMPLE_RATE);
      double s1 = 0;
      double s2 = 0;
      for (int i = from; i < to; i++) {
        double s = x[i] + coeff * s1 - s2;
        s2 = s1;
        s1 = s;
      }
      double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
      v[b] = (float) (Math.sqrt(Math.max(power, 0)) / (to - from) + 1e-6);
    }
    return v;
  }
}
