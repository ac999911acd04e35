package ai.muq.audio;

import ai.muq.audio.AudioException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The one audio entry point that the trainer and the service share: sniffs the format from the
 * bytes, decodes it, downmixes to mono by averaging the channels, and resamples.
 *
 * <p>Formats: WAV (8/16/24/32-bit PCM, 32/64-bit float, WAVE_FORMAT_EXTENSIBLE, RF64), AIFF and
 * AIFC (uncompressed), FLAC, MP3 and Ogg Vorbis in pure Java; anything else through an installed
 * {@code ffmpeg} (system property {@value FfmpegDecoder#PROPERTY} or the PATH), if there is one.
 *
 * <p>Every refusal is an {@link AudioException} whose {@link AudioException#kind()} says why: empty
 * input or zero samples is EMPTY; garbage, truncation or inconsistent headers CORRUPT; a recognised
 * format that cannot be decoded here UNSUPPORTED_FORMAT; input over {@link AudioLimits#maxBytes()}
 * TOO_LARGE; audio over {@link AudioLimits#maxSeconds()} TOO_LONG, decided from the header before
 * allocating wherever the format declares its length. Silence is valid audio. Thread-safe.
 */
public final class AudioLoader {

  private final AudioLimits limits;
  private final FfmpegDecoder ffmpeg;

  public AudioLoader(AudioLimits limits) {
    this(limits, FfmpegDecoder.locate());
  }

  /** With an explicit ffmpeg binary, or none at all when {@code ffmpegBinary} is null. */
  AudioLoader(AudioLimits limits, Path ffmpegBinary) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.ffmpeg = ffmpegBinary == null ? null : new FfmpegDecoder(ffmpegBinary);
  }

  /** The limits this loader enforces. */
  public AudioLimits limits() {
    return limits;
  }

  /** Whether formats beyond the built-in ones can be decoded through ffmpeg. */
  public boolean hasFfmpeg() {
    return ffmpeg != null;
  }

  /**
   * Decodes any supported format (sniffed from the bytes; {@code nameOrMime} is only a hint and may
   * be null), downmixes to mono by averaging, and resamples to {@code targetRate}.
   */
  public float[] load(byte[] data, String nameOrMime, int targetRate) throws AudioException {
    checkRate(targetRate);
    DecodedAudio audio = decode(data, nameOrMime);
    return Resampler.resample(audio.mono(), audio.sampleRate(), targetRate);
  }

  /**
   * Reads and loads a file, the file name serving as the hint. The size limit is checked before
   * reading; a file that cannot be read is an {@link UncheckedIOException}, not an audio fault.
   */
  public float[] load(Path file, int targetRate) throws AudioException {
    checkRate(targetRate);
    Objects.requireNonNull(file, "file");
    byte[] data;
    try {
      long size = Files.size(file);
      checkSize(size);
      data = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("no such audio file: " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read audio file " + file + ": " + e.getMessage(), e);
    }
    Path name = file.getFileName();
    return load(data, name == null ? null : name.toString(), targetRate);
  }

  /** Decodes without downmixing or resampling. */
  public DecodedAudio decode(byte[] data, String nameOrMime) throws AudioException {
    if (data == null || data.length == 0) {
      throw new AudioException(Kind.EMPTY, "no audio data: the input is empty");
    }
    checkSize(data.length);
    FormatSniffer.Sniffed sniffed = FormatSniffer.sniff(data, nameOrMime);
    try {
      return switch (sniffed.format()) {
        case WAV, AIFF, FLAC, MP3, OGG -> decodeInJava(sniffed, data, nameOrMime);
        case KNOWN_UNSUPPORTED -> viaFfmpeg(data, nameOrMime, sniffed.name(), null);
        case UNKNOWN -> viaFfmpeg(data, nameOrMime, null, null);
      };
    } catch (OutOfMemoryError e) {
      throw new AudioException(Kind.TOO_LONG, "audio too long to decode in the available memory");
    }
  }

  private DecodedAudio decodeInJava(FormatSniffer.Sniffed sniffed, byte[] data, String hint)
      throws AudioException {
    try {
      return switch (sniffed.format()) {
        case WAV -> PcmContainers.decodeWav(data, limits);
        case AIFF -> PcmContainers.decodeAiff(data, limits);
        case FLAC -> FlacDecoder.decode(data, limits);
        case MP3 -> Mp3Decoder.decode(data, limits);
        case OGG -> VorbisDecoder.decode(data, limits);
        default -> throw new IllegalStateException("not a Java-decoded format: " + sniffed);
      };
    } catch (AudioException e) {
      // A known container holding a codec that only ffmpeg reads (Ogg Opus, ADPCM WAV, ...).
      if (e.kind() == Kind.UNSUPPORTED_FORMAT && ffmpeg != null) {
        return viaFfmpeg(data, hint, sniffed.name(), e);
      }
      throw e;
    }
  }

  private DecodedAudio viaFfmpeg(byte[] data, String hint, String knownFormat, AudioException why)
      throws AudioException {
    if (ffmpeg == null) {
      if (why != null) {
        throw why;
      }
      if (knownFormat != null) {
        throw new AudioException(
            Kind.UNSUPPORTED_FORMAT,
            "unsupported audio format: " + knownFormat
                + " (supported: WAV, AIFF, FLAC, MP3, Ogg Vorbis; ffmpeg is not installed)");
      }
      throw new AudioException(
          Kind.CORRUPT,
          "not a recognisable audio file (supported: WAV, AIFF, FLAC, MP3, Ogg Vorbis)");
    }
    return ffmpeg.decode(data, hint, knownFormat, limits);
  }

  private void checkSize(long size) throws AudioException {
    if (size > limits.maxBytes()) {
      throw new AudioException(
          Kind.TOO_LARGE,
          "audio input of " + size + " bytes exceeds the limit of " + limits.maxBytes() + " bytes");
    }
  }

  private static void checkRate(int targetRate) {
    if (targetRate <= 0) {
      throw new IllegalArgumentException("targetRate must be > 0, got " + targetRate);
    }
  }
}
