package ai.muq.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Dockerfile read as instructions (continuation lines joined, comments dropped) and split into
 * build stages, with the defaults of the ARGs declared before the first FROM.
 */
record Dockerfile(Map<String, String> globalArgs, List<Stage> stages) {

  record Instruction(String keyword, String arguments) {}

  /** One stage: its FROM image (global ARGs substituted), its name, its instructions. */
  record Stage(String image, String name, List<Instruction> instructions) {

    List<String> arguments(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
    }
  }

  static Dockerfile read(Path file) throws IOException {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : Files.readAllLines(file)) {
      String stripped = line.strip();
      if (pending.isEmpty() && (stripped.isEmpty() || stripped.startsWith("#"))) {
        continue;
      }
      if (stripped.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (stripped.endsWith("\\")) {
        pending.append(stripped, 0, stripped.length() - 1).append(' ');
        continue;
      }
      pending.append(stripped);
      String text = pending.toString().strip();
      pending.setLength(0);
      int space = text.indexOf(' ');
      instructions.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
    }
    Map<String, String> args = new LinkedHashMap<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        String[] words = instruction.arguments().split("\\s+");
        String image = substitute(words[0], args);
        String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
        current = new ArrayList<>();
        stages.add(new Stage(image, name, current));
      } else if (current == null && instruction.keyword().equals("ARG")) {
        String[] nameAndDefault = instruction.arguments().split("=", 2);
        args.put(nameAndDefault[0], nameAndDefault.length > 1 ? nameAndDefault[1] : "");
      } else if (current != null) {
        current.add(instruction);
      }
    }
    return new Dockerfile(Map.copyOf(args), List.copyOf(stages));
  }

  Stage finalStage() {
    return stages.getLast();
  }

  Stage stage(String name) {
    return stages.stream().filter(s -> name.equals(s.name())).findFirst()
        .orElseThrow(() -> new AssertionError("no stage " + name));
  }

  private static String substitute(String text, Map<String, String> args) {
    String result = text;
    for (var arg : args.entrySet()) {
      result = result.replace("${" + arg.getKey() + "}", arg.getValue()).replace("$" + arg.getKey(), arg.getValue());
    }
    return result;
  }
}
