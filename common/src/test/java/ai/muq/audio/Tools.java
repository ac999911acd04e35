package ai.muq.audio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the Debian command-line encoders that make the compressed fixtures (sox with
 * libsox-fmt-all, ffmpeg). CI installs them; where one is missing the test is skipped with the
 * reason printed.
 */
final class Tools {

  private Tools() {}

  static Path find(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (!dir.isBlank() && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  static Path require(String name) {
    Path tool = find(name);
    if (tool == null) {
      System.out.println("SKIPPED: '" + name + "' is not installed (apt-get install sox libsox-fmt-all ffmpeg)");
    }
    assumeTrue(tool != null, name + " is not installed");
    return tool;
  }

  /** Runs {@code name args...}, failing the test with ffmpeg's or sox's message on error. */
  static void run(String name, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(require(name).toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    int status = process.waitFor();
    if (status != 0) {
      throw new AssertionError(String.join(" ", command) + " failed (" + status + "): "
          + new String(output, StandardCharsets.UTF_8));
    }
  }

  /** {@code sox -n <options> <file> synth <seconds> <synth...> gain -6}: a fixture made by sox. */
  static byte[] sox(Path dir, String fileName, String options, double seconds, String synth)
      throws IOException, InterruptedException {
    Path file = dir.resolve(fileName);
    List<String> args = new ArrayList<>();
    args.add("-n");
    args.addAll(List.of(options.split(" ")));
    args.add(file.toString());
    args.addAll(List.of("synth", Double.toString(seconds)));
    args.addAll(List.of(synth.split(" ")));
    args.addAll(List.of("gain", "-6"));
    run("sox", args.toArray(String[]::new));
    return Files.readAllBytes(file);
  }
}
