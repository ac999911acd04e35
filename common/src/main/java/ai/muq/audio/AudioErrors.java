package ai.muq.audio;

import ai.muq.audio.AudioException.Kind;
import java.util.Locale;

/** The shared wording of refusals, so every decoder says the same thing for the same fault. */
final class AudioErrors {

  private AudioErrors() {}

  static AudioException tooLong(double maxSeconds) {
    return new AudioException(
        Kind.TOO_LONG, String.format(Locale.ROOT, "audio is longer than the limit of %.1f s", maxSeconds));
  }

  static AudioException tooLong(double seconds, double maxSeconds) {
    return new AudioException(
        Kind.TOO_LONG,
        String.format(
            Locale.ROOT, "audio lasts %.1f s, longer than the limit of %.1f s", seconds, maxSeconds));
  }

  static AudioException corrupt(String format, String what) {
    return new AudioException(Kind.CORRUPT, format + " is corrupt: " + what);
  }

  static AudioException truncated(String format) {
    return new AudioException(Kind.CORRUPT, format + " is truncated: the file ends before its audio data does");
  }

  static AudioException unsupported(String what) {
    return new AudioException(Kind.UNSUPPORTED_FORMAT, "unsupported audio format: " + what);
  }

  static AudioException empty(String format) {
    return new AudioException(Kind.EMPTY, format + " has no samples");
  }

  /** Checks a duration declared by a header against the limit, before anything is allocated. */
  static void checkDeclared(long frames, int sampleRate, AudioLimits limits) throws AudioException {
    if (frames > limits.maxFrames(sampleRate)) {
      throw tooLong((double) frames / sampleRate, limits.maxSeconds());
    }
  }

  /** The first line of an exception's message (its class name when it has none). */
  static String oneLine(Throwable e) {
    String message = e.getMessage();
    String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    return text.lines().findFirst().orElse(text).strip();
  }
}
