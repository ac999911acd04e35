package ai.muq.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code model-export.jar}: one sub-command per job of the trainer. */
@Command(
    name = "model-export",
    mixinStandardHelpOptions = true,
    version = "model-export 0.1.0",
    description = "Defines, trains, imports and exports the MuQ models.",
    subcommands = {CommandLine.HelpCommand.class, SynthCommand.class})
public final class ModelExportCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ModelExportCli()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
