package ai.muq.cli;

/** A user error: the CLI prints its message as one line and exits non-zero. */
public final class CliException extends RuntimeException {

  public CliException(String message) {
    super(message);
  }
}
