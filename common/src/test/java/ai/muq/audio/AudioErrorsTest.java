package ai.muq.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.muq.audio.AudioException.Kind;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal kind, produced by a matching bad input; messages stay on one line. */
class AudioErrorsTest {

  @TempDir Path dir;

  private final AudioLoader plain = new AudioLoader(AudioLimits.unlimited(), null);
  private final AudioLimits tenMinutes = new AudioLimits(50_000_000, 600);

  private static AudioException refusal(AudioLoader loader, byte[] data, String hint) {
    AudioException e = catchThrowableOfType(AudioException.class, () -> loader.decode(data, hint));
    assertThat(e).as("refused").isNotNull();
    assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
    return e;
  }

  private static Kind kind(AudioLoader loader, byte[] data) {
    return refusal(loader, data, null).kind();
  }

  /** A 16-bit PCM mono WAV header declaring {@code dataBytes}, followed by {@code actual} bytes. */
  private static byte[] wavHeader(int format, int channels, int rate, int bits, long dataBytes, int actual) {
    int align = channels * bits / 8;
    ByteBuffer b = ByteBuffer.allocate(44 + actual).order(ByteOrder.LITTLE_ENDIAN);
    b.put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVE"));
    b.put(ascii("fmt ")).putInt(16).putShort((short) format).putShort((short) channels)
        .putInt(rate).putInt(rate * align).putShort((short) align).putShort((short) bits);
    b.put(ascii("data")).putInt((int) dataBytes);
    return b.array();
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void emptyInputAndZeroSamplesAreEmpty() {
    assertThat(kind(plain, new byte[0])).isEqualTo(Kind.EMPTY);
    assertThat(kind(plain, WavWriter.pcm16(new float[0], 16000))).isEqualTo(Kind.EMPTY);
    assertThat(kind(plain, wavHeader(1, 2, 44100, 16, 0, 0))).isEqualTo(Kind.EMPTY);
  }

  @Test
  void truncatedFilesAreCorrupt() throws Exception {
    byte[] wav = Tools.sox(dir, "t.wav", "-r 44100 -c 2 -b 16", 0.5, "sine 440");
    byte[] aiff = Tools.sox(dir, "t.aiff", "-r 44100 -c 2 -b 16", 0.5, "sine 440");
    byte[] flac = Tools.sox(dir, "t.flac", "-r 44100 -c 2 -b 16", 0.5, "sine 440");
    byte[] ogg = Tools.sox(dir, "t.ogg", "-r 44100 -c 2", 0.5, "sine 440");

    for (byte[] whole : new byte[][] {wav, aiff, flac, ogg}) {
      assertThat(kind(plain, Arrays.copyOf(whole, whole.length / 2))).isEqualTo(Kind.CORRUPT);
    }
    assertThat(kind(plain, Arrays.copyOf(wav, 30))).isEqualTo(Kind.CORRUPT); // inside fmt
    assertThat(refusal(plain, Arrays.copyOf(wav, wav.length - 1), "t.wav").getMessage())
        .isEqualTo("WAV is truncated: the file ends before its audio data does");
  }

  @Test
  void randomBytesAreCorrupt() throws Exception {
    byte[] noise = new byte[8192];
    new Random(7).nextBytes(noise);
    noise[0] = 0x13; // no accidental MPEG frame sync at offset 0
    assertThat(kind(plain, noise)).isEqualTo(Kind.CORRUPT);
    Path ffmpeg = Tools.find("ffmpeg");
    if (ffmpeg != null) {
      assertThat(kind(new AudioLoader(AudioLimits.unlimited(), ffmpeg), noise)).isEqualTo(Kind.CORRUPT);
    }
    // Inconsistent headers are corrupt too: block align that does not match the channels.
    byte[] badAlign = wavHeader(1, 2, 44100, 16, 400, 400);
    badAlign[32] = 3;
    assertThat(kind(plain, badAlign)).isEqualTo(Kind.CORRUPT);
  }

  @Test
  void unknownFormatsAreUnsupported() throws Exception {
    // A WAV holding IMA ADPCM, an MP4 container and Ogg Opus: recognised, but no Java decoder.
    byte[] adpcm = wavHeader(0x11, 1, 16000, 4, 256, 256);
    byte[] mp4 = new byte[64];
    System.arraycopy(ascii("\0\0\0\u0020ftypM4A "), 0, mp4, 0, 12);
    byte[] opus = Tools.find("ffmpeg") == null ? null : ffmpegOpus();

    assertThat(kind(plain, adpcm)).isEqualTo(Kind.UNSUPPORTED_FORMAT);
    assertThat(kind(plain, mp4)).isEqualTo(Kind.UNSUPPORTED_FORMAT);
    assertThat(refusal(plain, mp4, "a.m4a").getMessage()).contains("MP4/M4A");
    if (opus != null) {
      assertThat(refusal(plain, opus, null).getMessage()).contains("Ogg Opus");
      // With ffmpeg, Opus decodes; a broken MP4 header is still an unsupported file, not garbage.
      AudioLoader withFfmpeg = new AudioLoader(AudioLimits.unlimited(), Tools.find("ffmpeg"));
      DecodedAudio decoded = withFfmpeg.decode(opus, "a.opus");
      assertThat(decoded.sampleRate()).isEqualTo(48000);
      assertThat(Signals.zeroCrossingHz(decoded.mono(), 48000)).isCloseTo(440, Assertions.within(1.0));
      assertThat(kind(withFfmpeg, mp4)).isEqualTo(Kind.UNSUPPORTED_FORMAT);
      // A playlist naming a local file (plain ffmpeg follows it and decodes the file): refused.
      Tools.sox(dir, "secret.mp3", "-r 16000 -c 1", 0.5, "sine 440");
      byte[] playlist = ascii("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:1.0,\n"
          + dir.resolve("secret.mp3") + "\n#EXT-X-ENDLIST\n");
      assertThat(kind(withFfmpeg, playlist)).isEqualTo(Kind.CORRUPT);
      assertThat(refusal(withFfmpeg, playlist, "list.m3u8").kind()).isEqualTo(Kind.CORRUPT);
      // An ADPCM WAV: the WAV parser refuses the codec, ffmpeg then decodes it.
      Path adpcmFile = dir.resolve("adpcm.wav");
      Tools.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
          "sine=frequency=440:sample_rate=16000:duration=1", "-c:a", "adpcm_ima_wav", adpcmFile.toString());
      byte[] realAdpcm = Files.readAllBytes(adpcmFile);
      assertThat(kind(plain, realAdpcm)).isEqualTo(Kind.UNSUPPORTED_FORMAT);
      DecodedAudio fromAdpcm = withFfmpeg.decode(realAdpcm, null);
      assertThat(fromAdpcm.sampleRate()).isEqualTo(16000);
      assertThat(Signals.zeroCrossingHz(fromAdpcm.mono(), 16000)).isCloseTo(440, Assertions.within(1.0));
    }
  }

  private byte[] ffmpegOpus() throws Exception {
    Path opus = dir.resolve("a.opus");
    Tools.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "sine=frequency=440:sample_rate=48000:duration=1", "-c:a", "libopus", opus.toString());
    return Files.readAllBytes(opus);
  }

  @Test
  void inputOverTheByteLimitIsTooLarge() throws Exception {
    AudioLoader small = new AudioLoader(new AudioLimits(1000, 600), null);
    byte[] wav = WavWriter.pcm16(new float[1000], 16000); // 2044 bytes
    assertThat(kind(small, wav)).isEqualTo(Kind.TOO_LARGE);

    Path file = dir.resolve("big.wav");
    Files.write(file, wav);
    AudioException e = catchThrowableOfType(AudioException.class, () -> small.load(file, 24000));
    assertThat(e.kind()).isEqualTo(Kind.TOO_LARGE);
    Assertions.assertThatThrownBy(() -> small.load(dir.resolve("missing.wav"), 24000))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void aHeaderClaimingTenHoursIsTooLongBeforeAnythingIsRead() {
    long tenHours = 10L * 3600 * 16000 * 2; // 16 kHz, 16-bit mono: 1.15 GB of claimed data
    byte[] liar = wavHeader(1, 1, 16000, 16, tenHours, 100);
    AudioLoader limited = new AudioLoader(tenMinutes, null);

    AudioException e = refusal(limited, liar, "long.wav");
    assertThat(e.kind()).isEqualTo(Kind.TOO_LONG);
    assertThat(e.getMessage()).isEqualTo("audio lasts 36000.0 s, longer than the limit of 600.0 s");
    // Without a duration limit the same file is merely truncated.
    assertThat(kind(plain, liar)).isEqualTo(Kind.CORRUPT);
  }

  @Test
  void aFlacStreamInfoClaimingTenHoursIsTooLongOrTruncated() throws Exception {
    byte[] flac = Tools.sox(dir, "c.flac", "-r 44100 -c 1 -b 16", 0.2, "sine 440");
    assertThat(flac[4] & 0x7F).as("STREAMINFO comes first").isZero();
    long tenHours = 10L * 3600 * 44100; // 36-bit total-samples field: bytes 21 (low nibble) to 25
    flac[21] = (byte) ((flac[21] & 0xF0) | (int) (tenHours >>> 32));
    for (int i = 0; i < 4; i++) {
      flac[22 + i] = (byte) (tenHours >>> (24 - 8 * i));
    }
    assertThat(refusal(new AudioLoader(tenMinutes, null), flac, null).kind()).isEqualTo(Kind.TOO_LONG);
    assertThat(kind(plain, flac)).isEqualTo(Kind.CORRUPT);
  }

  @Test
  void everyFormatEnforcesTheDurationLimit() throws Exception {
    AudioLoader oneSecond = new AudioLoader(new AudioLimits(50_000_000, 1.0), Tools.find("ffmpeg"));
    for (String name : new String[] {"l.wav", "l.aiff", "l.flac", "l.mp3", "l.ogg"}) {
      byte[] twoSeconds = Tools.sox(dir, name, "-r 16000 -c 1", 2.0, "sine 440");
      byte[] halfSecond = Tools.sox(dir, "s" + name, "-r 16000 -c 1", 0.5, "sine 440");
      assertThat(refusal(oneSecond, twoSeconds, name).kind()).as(name).isEqualTo(Kind.TOO_LONG);
      assertThat(oneSecond.decode(halfSecond, name).seconds()).as(name).isLessThan(1.0);
    }
    if (oneSecond.hasFfmpeg()) {
      Path m4a = dir.resolve("l.m4a");
      Tools.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
          "sine=frequency=440:duration=3", "-c:a", "aac", m4a.toString());
      assertThat(refusal(oneSecond, Files.readAllBytes(m4a), null).kind()).isEqualTo(Kind.TOO_LONG);
    }
  }

  @Test
  void limitsAreValidated() {
    Assertions.assertThatThrownBy(() -> new AudioLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
    Assertions.assertThatThrownBy(() -> new AudioLimits(10, 0)).isInstanceOf(IllegalArgumentException.class);
    Assertions.assertThatThrownBy(() -> new AudioLimits(10, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThat(AudioLimits.unlimited().maxFrames(48000)).isEqualTo(Long.MAX_VALUE);
    assertThat(Kind.TOO_LONG.httpStatus()).isEqualTo(413);
    assertThat(Kind.UNSUPPORTED_FORMAT.httpStatus()).isEqualTo(415);
    assertThat(Kind.CORRUPT.httpStatus()).isEqualTo(422);
  }
}
