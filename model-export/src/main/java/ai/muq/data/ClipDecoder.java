package ai.muq.data;

import java.nio.file.Path;

/** Decodes an audio file to mono float samples (full scale 1.0) at a fixed sample rate. */
@FunctionalInterface
public interface ClipDecoder {

  /**
   * @return the samples; never null
   * @throws Exception when the file is missing, unsupported or corrupt (the loader skips it)
   */
  float[] decode(Path file) throws Exception;
}
