package ai.muq.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.muq.audio.WavWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** Audio fixtures made in the tests: a few tones, encoded in every supported format. */
final class Fixtures {

  private Fixtures() {}

  /**
   * A mix of tones with a little amplitude movement over broadband noise, in [-0.6, 0.6]. The
   * noise fills every mel band well above 16-bit quantisation noise, so encodings of the same
   * music compare meaningfully (with pure tones, empty bands sit at the quantisation floor and
   * their log-mel values depend on the encoding).
   */
  static float[] music(double seconds, int rate, double seed) {
    int n = (int) Math.round(seconds * rate);
    float[] x = new float[n];
    java.util.Random noise = new java.util.Random(Double.doubleToLongBits(seed));
    for (int i = 0; i < n; i++) {
      double t = (double) i / rate;
      x[i] = (float) (0.05 * noise.nextGaussian() + 0.25 * Math.sin(2 * Math.PI * (220 + 40 * seed) * t)
          + 0.15 * Math.sin(2 * Math.PI * (330 + 15 * seed) * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 2 * t))
          + 0.08 * Math.sin(2 * Math.PI * 880 * t + seed));
    }
    return x;
  }

  static byte[] wav16(float[] mono, int rate) {
    return WavWriter.pcm16(mono, rate);
  }

  static byte[] wavFloat(float[] mono, int rate) {
    return WavWriter.float32(mono, rate);
  }

  /** PCM WAV with 8 (unsigned) or 24-bit samples, written by hand. */
  static byte[] wavPcm(float[] mono, int rate, int bits) {
    int bytes = bits / 8;
    ByteBuffer data = ByteBuffer.allocate(mono.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : mono) {
      double c = Math.max(-1, Math.min(1, f));
      if (bits == 8) {
        data.put((byte) (Math.round(c * 127) + 128));
      } else {
        int v = (int) Math.round(c * 8388607);
        data.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
      }
    }
    ByteBuffer b = ByteBuffer.allocate(44 + data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes());
    b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
        .putInt(rate * bytes).putShort((short) bytes).putShort((short) bits);
    b.put("data".getBytes()).putInt(data.capacity()).put(data.array());
    return b.array();
  }

  /** 16-bit big-endian AIFF through javax.sound. */
  static byte[] aiff(float[] mono, int rate) throws IOException {
    byte[] pcm = new byte[mono.length * 2];
    for (int i = 0; i < mono.length; i++) {
      int v = (int) Math.round(Math.max(-1, Math.min(1, mono[i])) * 32767);
      pcm[2 * i] = (byte) (v >> 8);
      pcm[2 * i + 1] = (byte) v;
    }
    AudioFormat fmt = new AudioFormat(rate, 16, 1, true, true);
    try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), fmt, mono.length)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      AudioSystem.write(in, AudioFileFormat.Type.AIFF, out);
      return out.toByteArray();
    }
  }

  /** Encodes with ffmpeg (skips the test, saying why, where it is not installed). */
  static byte[] ffmpeg(float[] mono, int rate, Path dir, String ext, String... codecArgs)
      throws IOException, InterruptedException {
    Path ffmpeg = find("ffmpeg");
    if (ffmpeg == null) {
      System.out.println("SKIPPED: ffmpeg is not installed (apt-get install ffmpeg); cannot make ." + ext);
    }
    assumeTrue(ffmpeg != null, "ffmpeg is not installed");
    Path in = dir.resolve("src-" + ext + ".wav");
    Files.write(in, wav16(mono, rate));
    Path out = dir.resolve("fixture." + ext);
    List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-nostdin", "-loglevel", "error", "-y",
        "-i", in.toString()));
    if (!List.of(codecArgs).contains("-ac")) {
      cmd.addAll(List.of("-ac", "2"));
    }
    cmd.addAll(List.of(codecArgs));
    cmd.add(out.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("ffmpeg failed: " + log);
    }
    return Files.readAllBytes(out);
  }

  static Path find(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path c = Path.of(dir, name);
      if (!dir.isBlank() && Files.isExecutable(c)) {
        return c;
      }
    }
    return null;
  }

  static double cosine(List<Float> a, List<Float> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.size(); i++) {
      dot += a.get(i) * b.get(i);
      na += a.get(i) * a.get(i);
      nb += b.get(i) * b.get(i);
    }
    return dot / Math.sqrt(na * nb);
  }

  static double norm(List<Float> v) {
    double s = 0;
    for (float f : v) {
      s += f * f;
    }
    return Math.sqrt(s);
  }
}
