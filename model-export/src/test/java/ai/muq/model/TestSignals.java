package ai.muq.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Synthesizer;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/** Test inputs: real music rendered offline with Java's Gervill synthesizer, and noise. */
public final class TestSignals {

  private TestSignals() {}

  /**
   * A few seconds of music at 24 kHz mono: a chord progression on piano with a melody, rendered by
   * Gervill (its built-in soundbank when no SoundFont is installed) faster than real time.
   */
  public static float[] renderedMusic(int samples) {
    try {
      Synthesizer synth = MidiSystem.getSynthesizer();
      if (!(synth instanceof javax.sound.midi.Synthesizer) || !synth.getClass().getName().contains("SoftSynthesizer")) {
        throw new IllegalStateException("Gervill (SoftSynthesizer) is not the default synthesizer");
      }
      AudioFormat fmt = new AudioFormat(24_000f, 16, 1, true, false);
      var openStream = synth.getClass().getMethod("openStream", AudioFormat.class, java.util.Map.class);
      AudioInputStream stream = (AudioInputStream) openStream.invoke(synth, fmt, null);
      Receiver rx = synth.getReceiver();
      int[][] chords = {{60, 64, 67}, {57, 60, 64}, {53, 57, 60}, {55, 59, 62}};
      int[] melody = {72, 74, 76, 79, 77, 76, 74, 72};
      ByteArrayOutputStream pcm = new ByteArrayOutputStream();
      int beatSamples = 24_000 / 4;
      byte[] buf = new byte[beatSamples * 2];
      int beat = 0;
      while (pcm.size() < samples * 2) {
        int[] chord = chords[(beat / 4) % chords.length];
        if (beat % 4 == 0) {
          for (int n : chord) {
            rx.send(new ShortMessage(ShortMessage.NOTE_ON, 0, n, 80), -1);
          }
        }
        int m = melody[beat % melody.length];
        rx.send(new ShortMessage(ShortMessage.NOTE_ON, 1, m, 100), -1);
        int read = 0;
        while (read < buf.length) {
          int r = stream.read(buf, read, buf.length - read);
          if (r < 0) {
            break;
          }
          read += r;
        }
        pcm.write(buf, 0, read);
        rx.send(new ShortMessage(ShortMessage.NOTE_OFF, 1, m, 0), -1);
        if (beat % 4 == 3) {
          for (int n : chord) {
            rx.send(new ShortMessage(ShortMessage.NOTE_OFF, 0, n, 0), -1);
          }
        }
        beat++;
      }
      synth.close();
      ByteBuffer bb = ByteBuffer.wrap(pcm.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[samples];
      for (int i = 0; i < samples; i++) {
        out[i] = bb.getShort() / 32768f;
      }
      return out;
    } catch (Exception e) {
      throw new IllegalStateException("could not render music with Gervill", e);
    }
  }

  public static float[] noise(int samples, long seed, float std) {
    Random r = new Random(seed);
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) (r.nextGaussian() * std);
    }
    return out;
  }
}
