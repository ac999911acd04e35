package ai.muq.deploy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** A real WAV file for requests: 16-bit stereo 44.1 kHz, an A-minor chord with a decay. */
final class TestAudio {

  private TestAudio() {}

  static byte[] chordWav(double seconds) throws IOException {
    int rate = 44_100;
    int frames = (int) (seconds * rate);
    double[] hz = {220.0, 261.63, 329.63};
    ByteBuffer pcm = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < frames; i++) {
      double t = (double) i / rate;
      double envelope = Math.exp(-1.5 * (t % 1.0));
      double sample = 0;
      for (double f : hz) {
        sample += Math.sin(2 * Math.PI * f * t);
      }
      short value = (short) Math.round(0.25 * envelope * sample * Short.MAX_VALUE);
      pcm.putShort(value).putShort(value);
    }
    AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
    var stream = new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames);
    var wav = new ByteArrayOutputStream();
    AudioSystem.write(stream, AudioFileFormat.Type.WAVE, wav);
    return wav.toByteArray();
  }
}
