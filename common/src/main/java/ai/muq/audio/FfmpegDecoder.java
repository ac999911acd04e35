package ai.muq.audio;

import ai.muq.audio.AudioException.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The fallback for formats without a Java decoder (AAC/M4A, Opus, WMA, ...): runs an installed
 * {@code ffmpeg} binary on a temporary copy of the bytes and reads back a 32-bit float WAV through
 * the strict WAV parser. The binary is invoked with an argument vector (no shell), never
 * downloaded, and its output length is capped at the duration limit.
 */
final class FfmpegDecoder {

  /** System property naming the ffmpeg binary; empty disables the fallback. */
  static final String PROPERTY = "muq.audio.ffmpeg";

  private static final long TIMEOUT_SECONDS = 300;

  /** ffmpeg demuxers allowed to read uploads: audio containers only. */
  static final String AUDIO_DEMUXERS =
      "mov,matroska,asf,aac,loas,ac3,eac3,dts,truehd,ogg,wav,w64,aiff,caf,flac,mp3,amr,amrnb,amrwb,"
          + "ape,wv,tta,tak,shn,mpc,mpc8,au,voc,iff,dsf,xwma,rm,avi,mpeg";

  private final Path binary;

  FfmpegDecoder(Path binary) {
    this.binary = binary;
  }

  /** The binary named by {@value #PROPERTY}, else {@code ffmpeg} on the PATH; null if none. */
  static Path locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null) {
      if (configured.isBlank()) {
        return null;
      }
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? path : null;
    }
    String pathVariable = System.getenv("PATH");
    if (pathVariable == null) {
      return null;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "ffmpeg");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Decodes {@code d} with ffmpeg's first audio stream.
   *
   * @param knownFormat a name for the format when its signature was recognised (failures are then
   *     UNSUPPORTED_FORMAT), null for unrecognised bytes (failures are CORRUPT)
   */
  DecodedAudio decode(byte[] d, String hint, String knownFormat, AudioLimits limits)
      throws AudioException {
    Path dir = null;
    Process process = null;
    try {
      dir = Files.createTempDirectory("muq-audio-");
      Path input = dir.resolve("input" + safeExtension(hint));
      Path output = dir.resolve("output.wav");
      Path errors = dir.resolve("ffmpeg.log");
      Files.write(input, d);
      List<String> command = new ArrayList<>(List.of(
          binary.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
          // Only local files and audio containers: no playlists (hls, concat) that make ffmpeg
          // read other files or URLs named inside an upload.
          "-protocol_whitelist", "file", "-format_whitelist", AUDIO_DEMUXERS,
          "-i", "file:" + input, "-map", "0:a:0", "-vn", "-sn", "-dn",
          "-c:a", "pcm_f32le", "-rf64", "auto"));
      if (Double.isFinite(limits.maxSeconds())) {
        // One second beyond the limit is enough to tell that the audio is too long.
        command.addAll(List.of("-t", String.format(Locale.ROOT, "%.3f", limits.maxSeconds() + 1)));
      }
      command.addAll(List.of("-f", "wav", "-y", output.toString()));
      process = new ProcessBuilder(command)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(errors.toFile())
          .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AudioException(Kind.CORRUPT, "ffmpeg did not finish decoding within " + TIMEOUT_SECONDS + " s");
      }
      if (process.exitValue() != 0 || !Files.exists(output)) {
        String reason = lastLine(errors);
        if (reason.contains("matches no streams") || reason.contains("does not contain any stream")) {
          throw AudioErrors.unsupported((knownFormat == null ? "file" : knownFormat) + " without an audio stream");
        }
        if (knownFormat != null) {
          throw AudioErrors.unsupported(knownFormat + " (ffmpeg: " + reason + ")");
        }
        throw new AudioException(Kind.CORRUPT, "not a decodable audio file (ffmpeg: " + reason + ")");
      }
      long size = Files.size(output);
      if (size > Integer.MAX_VALUE - 16) {
        throw AudioErrors.tooLong(limits.maxSeconds());
      }
      DecodedAudio audio = PcmContainers.decodeWav(Files.readAllBytes(output), AudioLimits.unlimited());
      if (audio.frames() > limits.maxFrames(audio.sampleRate())) {
        throw AudioErrors.tooLong(limits.maxSeconds());
      }
      return audio;
    } catch (IOException e) {
      throw new AudioException(Kind.CORRUPT, "ffmpeg decoding failed: " + AudioErrors.oneLine(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AudioException(Kind.CORRUPT, "interrupted while ffmpeg was decoding", e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly(); // interrupted or timed out: leave no decoder running
      }
      deleteQuietly(dir);
    }
  }

  /** A file extension from the hint, so ffmpeg's name-based probing can help; only [a-z0-9]. */
  static String safeExtension(String hint) {
    if (hint == null) {
      return "";
    }
    String lower = hint.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    int slash = lower.lastIndexOf('/');
    String ext = dot >= 0 ? lower.substring(dot + 1) : slash >= 0 ? lower.substring(slash + 1) : "";
    return ext.matches("[a-z0-9]{1,8}") ? "." + ext : "";
  }

  private static String lastLine(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      for (int i = lines.size() - 1; i >= 0; i--) {
        if (!lines.get(i).isBlank()) {
          String line = lines.get(i).strip();
          return line.length() > 200 ? line.substring(0, 200) : line;
        }
      }
    } catch (IOException ignored) {
      // The exit status alone still says that it failed.
    }
    return "exit status non-zero";
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // A leftover temp file is not worth failing the request for.
    }
  }
}
