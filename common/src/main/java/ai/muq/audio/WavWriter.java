package ai.muq.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes mono RIFF/WAVE files: 16-bit PCM (clipped, rounded) or 32-bit IEEE float. */
public final class WavWriter {

  private static final int FORMAT_PCM = 1;
  private static final int FORMAT_FLOAT = 3;
  private static final int HEADER_BYTES = 44;

  private WavWriter() {}

  /**
   * A 16-bit PCM WAV. Samples are scaled by 32768 (the inverse of how the loader reads them, so a
   * round trip errs by at most half a step) and clipped to the 16-bit range.
   */
  public static byte[] pcm16(float[] mono, int sampleRate) {
    ByteBuffer out = header(mono, sampleRate, FORMAT_PCM, 16);
    for (float sample : mono) {
      long scaled = Math.round(sample * 32768.0);
      out.putShort((short) Math.max(-32768, Math.min(32767, scaled)));
    }
    return out.array();
  }

  /** A 32-bit float WAV, samples written unchanged. */
  public static byte[] float32(float[] mono, int sampleRate) {
    ByteBuffer out = header(mono, sampleRate, FORMAT_FLOAT, 32);
    for (float sample : mono) {
      out.putFloat(sample);
    }
    return out.array();
  }

  /** Writes {@link #pcm16} to {@code p}, replacing any existing file. */
  public static void write(Path p, float[] mono, int sampleRate) throws IOException {
    Files.write(p, pcm16(mono, sampleRate));
  }

  private static ByteBuffer header(float[] mono, int sampleRate, int format, int bits) {
    if (sampleRate <= 0) {
      throw new IllegalArgumentException("sampleRate must be > 0, got " + sampleRate);
    }
    int bytesPerSample = bits / 8;
    long dataBytes = (long) mono.length * bytesPerSample;
    if (dataBytes + HEADER_BYTES > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("too many samples for one WAV array: " + mono.length);
    }
    ByteBuffer out =
        ByteBuffer.allocate(HEADER_BYTES + (int) dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(36 + (int) dataBytes)
        .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) format)
        .putShort((short) 1)
        .putInt(sampleRate)
        .putInt(sampleRate * bytesPerSample)
        .putShort((short) bytesPerSample)
        .putShort((short) bits)
        .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
        .putInt((int) dataBytes);
    return out;
  }
}
