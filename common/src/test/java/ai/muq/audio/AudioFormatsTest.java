package ai.muq.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every supported format, made by an independent encoder (sox, ffmpeg), decodes to the right signal. */
class AudioFormatsTest {

  @TempDir Path dir;

  private final AudioLoader loader = new AudioLoader(AudioLimits.unlimited(), null);

  /** 0.5 s stereo: 440 Hz left, 660 Hz right, at -6 dBFS, in every lossless layout. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "a.wav  | -r 44100 -c 2 -b 8 -e unsigned-integer",
      "a.wav  | -r 44100 -c 2 -b 16 -e signed-integer",
      "a.wav  | -r 44100 -c 2 -b 24 -e signed-integer",
      "a.wav  | -r 44100 -c 2 -b 32 -e signed-integer",
      "a.wav  | -r 44100 -c 2 -b 32 -e floating-point",
      "a.wav  | -r 44100 -c 2 -b 64 -e floating-point",
      "a.aiff | -r 44100 -c 2 -b 16 -e signed-integer",
      "a.aiff | -r 44100 -c 2 -b 24 -e signed-integer",
      "a.aifc | -r 44100 -c 2 -b 32 -e floating-point",
      "a.aifc | -r 44100 -c 2 -b 64 -e floating-point",
      "a.flac | -r 44100 -c 2 -b 16",
      "a.flac | -r 48000 -c 2 -b 24",
  })
  void losslessFormatsDecodeExactly(String name, String options) throws Exception {
    byte[] bytes = Tools.sox(dir, name.strip(), options.strip(), 0.5, "sine 440 sine 660");
    int rate = Integer.parseInt(options.strip().split(" ")[1]);

    DecodedAudio audio = loader.decode(bytes, null);

    assertThat(audio.sampleRate()).isEqualTo(rate);
    assertThat(audio.channels()).hasNumberOfRows(2);
    assertThat(audio.frames()).isEqualTo(rate / 2);
    assertThat(audio.seconds()).isCloseTo(0.5, within(1e-9));
    assertThat(Signals.zeroCrossingHz(audio.channels()[0], rate)).isCloseTo(440, within(0.5));
    assertThat(Signals.zeroCrossingHz(audio.channels()[1], rate)).isCloseTo(660, within(0.5));
    // -6 dBFS = 0.501; 8-bit quantisation allows a little more error than the rest.
    assertThat(Signals.toneAmplitude(audio.channels()[0], rate, 440)).isCloseTo(0.501, within(0.01));
  }

  /** Lossy formats: the length within the codec's padding, the tone's frequency and level. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
      "a.mp3 | -r 44100 -c 2 | 3000",
      "a.mp3 | -r 22050 -c 1 | 3000",
      "a.ogg | -r 44100 -c 2 | 0",
      "a.ogg | -r 24000 -c 1 | 0",
  })
  void lossyFormatsDecodeToTheRightTone(String name, String options, int padding) throws Exception {
    byte[] bytes = Tools.sox(dir, name.strip(), options.strip(), 1.0, "sine 440 sine 440");
    String[] parts = options.strip().split(" ");
    int rate = Integer.parseInt(parts[1]);
    int channels = Integer.parseInt(parts[3]);

    DecodedAudio audio = loader.decode(bytes, null);

    assertThat(audio.sampleRate()).isEqualTo(rate);
    assertThat(audio.channels()).hasNumberOfRows(channels);
    // MP3 adds encoder delay and frame padding (under two 1152-sample frames); Vorbis is exact.
    assertThat(audio.frames()).isBetween(rate, rate + padding);
    float[] mono = audio.mono();
    assertThat(Signals.zeroCrossingHz(mono, rate)).isCloseTo(440, within(1.0));
    assertThat(Signals.toneAmplitude(mono, rate, 440)).isCloseTo(0.501, within(0.03));
  }

  /** Loud 24-bit noise makes libFLAC use escaped and 5-bit Rice partitions; FLAC is lossless. */
  @Test
  void flacOfLoud24BitNoiseMatchesSoxsOwnDecodeExactly() throws Exception {
    byte[] flac = Tools.sox(dir, "n.flac", "-r 48000 -c 2 -b 24", 0.3, "whitenoise");
    Path wav = dir.resolve("n.wav");
    Tools.run("sox", dir.resolve("n.flac").toString(), wav.toString());

    DecodedAudio fromFlac = loader.decode(flac, null);
    DecodedAudio fromWav = loader.decode(Files.readAllBytes(wav), null);

    assertThat(fromFlac.frames()).isEqualTo(14400);
    assertThat(fromFlac.channels()[0]).containsExactly(fromWav.channels()[0]);
    assertThat(fromFlac.channels()[1]).containsExactly(fromWav.channels()[1]);
  }

  @Test
  void loadDownmixesByAveragingAndResamples() throws Exception {
    // Left +0.5 constant-phase tone, right its negation: the average is silence.
    float[] left = Signals.sine(1000, 48000, 0.5, 0.5);
    float[] right = new float[left.length];
    for (int i = 0; i < left.length; i++) {
      right[i] = -left[i] * 0.5f;
    }
    DecodedAudio stereo = new DecodedAudio(new float[][] {left, right}, 48000);
    float[] mono = stereo.mono();
    for (int i = 0; i < mono.length; i++) {
      assertThat(mono[i]).isCloseTo(left[i] * 0.25f, within(1e-6f));
    }

    byte[] wav = Tools.sox(dir, "s.wav", "-r 48000 -c 2 -b 16", 0.5, "sine 1000 sine 3000");
    float[] loaded = loader.load(wav, "s.wav", 24000);
    assertThat(loaded).hasSize(12000);
    // Each tone at half its level after averaging the two channels.
    assertThat(Signals.toneAmplitude(loaded, 24000, 1000)).isCloseTo(0.2505, within(0.002));
    assertThat(Signals.toneAmplitude(loaded, 24000, 3000)).isCloseTo(0.2505, within(0.002));
  }

  @Test
  void loadsAFileByPath() throws Exception {
    Tools.sox(dir, "p.flac", "-r 44100 -c 1 -b 16", 0.5, "sine 1000");
    float[] loaded = loader.load(dir.resolve("p.flac"), 16000);
    assertThat(loaded).hasSize(8000);
    assertThat(Signals.zeroCrossingHz(loaded, 16000)).isCloseTo(1000, within(0.5));
  }

  @Test
  void silenceIsValidAudio() throws Exception {
    byte[] wav = WavWriter.pcm16(new float[1600], 16000);
    float[] loaded = loader.load(wav, null, 24000);
    assertThat(loaded).hasSize(2400).containsOnly(0f);
  }

  @Test
  void ffmpegDecodesWhatJavaCannot() throws Exception {
    Path ffmpeg = Tools.require("ffmpeg");
    Path m4a = dir.resolve("a.m4a");
    Tools.run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "sine=frequency=440:sample_rate=44100:duration=1", "-c:a", "aac", "-b:a", "128k", m4a.toString());
    AudioLoader withFfmpeg = new AudioLoader(AudioLimits.unlimited(), ffmpeg);

    DecodedAudio audio = withFfmpeg.decode(Files.readAllBytes(m4a), "upload.m4a");

    assertThat(audio.sampleRate()).isEqualTo(44100);
    assertThat(audio.frames()).isBetween(44100 - 1024, 44100 + 2048);
    assertThat(Signals.zeroCrossingHz(audio.mono(), 44100)).isCloseTo(440, within(1.0));
  }
}
