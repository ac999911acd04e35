package ai.muq.importer;

import java.io.IOException;

/**
 * A checkpoint, its configuration or its key layout cannot be imported. The message is one readable
 * line naming the file and, where there is one, the tensor or key at fault; the CLI prints it as is.
 */
public final class CheckpointException extends IOException {

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
