package ai.muq.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Header layouts that the sox-made fixtures do not cover, built byte by byte from the specs. */
class PcmContainersTest {

  private final AudioLoader loader = new AudioLoader(AudioLimits.unlimited(), null);
  private static final float[] SAMPLES = {0f, 0.5f, -0.5f, 0.25f, -1f};

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** WAVE_FORMAT_EXTENSIBLE, mono, with the given sub-format code and sample writer. */
  private static byte[] extensible(int subFormat, int bits, boolean rf64) {
    int bytes = bits / 8;
    int data = SAMPLES.length * bytes;
    ByteBuffer b = ByteBuffer.allocate(12 + (rf64 ? 36 : 0) + 48 + 8 + data + 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii(rf64 ? "RF64" : "RIFF")).putInt(rf64 ? -1 : b.capacity() - 8).put(ascii("WAVE"));
    if (rf64) {
      b.put(ascii("ds64")).putInt(28).putLong(b.capacity() - 8).putLong(data).putLong(SAMPLES.length).putInt(0);
    }
    b.put(ascii("fmt ")).putInt(40).putShort((short) 0xFFFE).putShort((short) 1).putInt(8000)
        .putInt(8000 * bytes).putShort((short) bytes).putShort((short) bits)
        .putShort((short) 22).putShort((short) bits).putInt(4) // cbSize, valid bits, channel mask
        .putShort((short) subFormat)
        .put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
    b.put(ascii("data")).putInt(rf64 ? -1 : data);
    for (float s : SAMPLES) {
      if (subFormat == 3) {
        b.putFloat(s);
      } else {
        b.putShort((short) Math.max(-32768, Math.round(s * 32768)));
      }
    }
    b.put(ascii("LIST")).putInt(0); // a trailing metadata chunk
    return b.array();
  }

  @Test
  void extensibleFloatAndPcmAndRf64() throws Exception {
    for (byte[] wav : new byte[][] {extensible(3, 32, false), extensible(1, 16, false), extensible(3, 32, true)}) {
      DecodedAudio audio = loader.decode(wav, null);
      assertThat(audio.sampleRate()).isEqualTo(8000);
      assertThat(audio.channels()[0]).containsExactly(SAMPLES);
    }
  }

  @Test
  void aifcLittleEndianSowt() throws Exception {
    int frames = SAMPLES.length;
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + 24 + 8 + 8 + frames * 2);
    b.put(ascii("FORM")).putInt(b.capacity() - 8).put(ascii("AIFC"));
    b.put(ascii("COMM")).putInt(24).putShort((short) 1).putInt(frames).putShort((short) 16)
        .put(new byte[] {0x40, 0x0E, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 0}) // 44100 as 80-bit float
        .put(ascii("sowt")).put(new byte[] {0, 0}); // empty Pascal string, padded
    b.put(ascii("SSND")).putInt(8 + frames * 2).putInt(0).putInt(0);
    b.order(ByteOrder.LITTLE_ENDIAN);
    for (float s : SAMPLES) {
      b.putShort((short) Math.max(-32768, Math.round(s * 32768)));
    }
    DecodedAudio audio = loader.decode(b.array(), "x.aifc");
    assertThat(audio.sampleRate()).isEqualTo(44100);
    assertThat(audio.channels()[0]).containsExactly(SAMPLES);
  }

  @Test
  void extendedFloatSampleRates() {
    assertThat(PcmContainers.extended80(new byte[] {0x40, 0x0E, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 0}, 0)).isEqualTo(44100.0);
    assertThat(PcmContainers.extended80(new byte[] {0x40, 0x0E, (byte) 0xBB, (byte) 0x80, 0, 0, 0, 0, 0, 0}, 0)).isEqualTo(48000.0);
    assertThat(PcmContainers.extended80(new byte[] {0x40, 0x0D, (byte) 0xAC, 0x44, 0, 0, 0, 0, 0, 0}, 0)).isEqualTo(22050.0);
  }

  @Test
  void wavWriterRoundTrips() throws Exception {
    float[] tone = Signals.sine(440, 16000, 0.1, 0.9);
    DecodedAudio pcm = loader.decode(WavWriter.pcm16(tone, 16000), null);
    DecodedAudio flt = loader.decode(WavWriter.float32(tone, 16000), null);
    assertThat(pcm.sampleRate()).isEqualTo(16000);
    assertThat(flt.channels()[0]).containsExactly(tone);
    for (int i = 0; i < tone.length; i++) {
      assertThat(pcm.channels()[0][i]).isCloseTo(tone[i], within(0.5f / 32768 + 1e-7f));
    }
    // Out-of-range samples clip instead of wrapping around.
    float[] loud = {2f, -2f};
    assertThat(loader.decode(WavWriter.pcm16(loud, 8000), null).channels()[0][0]).isCloseTo(1f, within(1e-4f));
    assertThat(loader.decode(WavWriter.pcm16(loud, 8000), null).channels()[0][1]).isCloseTo(-1f, within(1e-4f));
  }

  @Test
  void mp3HintOnlyCountsWithRealFrames() {
    byte[] noise = new byte[4096];
    new java.util.Random(11).nextBytes(noise);
    noise[0] = 0x13;
    assertThat(FormatSniffer.sniff(noise, "song.mp3").format()).isEqualTo(FormatSniffer.Format.UNKNOWN);
    assertThat(FormatSniffer.sniff(Arrays.copyOf(ascii("OggS"), 64), null).format()).isEqualTo(FormatSniffer.Format.OGG);
  }
}
