package ai.muq.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code model-export.jar}: one sub-command per job of the trainer. */
@Command(
    name = "model-export",
    mixinStandardHelpOptions = true,
    version = "model-export 0.1.0",
    description = "Defines, trains, imports and exports the MuQ models.",
    subcommands = {
      CommandLine.HelpCommand.class,
      InfoCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      SynthCommand.class,
      TrainRvqCommand.class,
      PretrainCommand.class,
      IterateCommand.class,
      TrainMulanCommand.class,
      RealMusicCatalogCommand.class,
    })
public final class ModelExportCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    Engines.init();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; user errors print one readable line and exit 1. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new ModelExportCli());
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          String msg = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
          if (ex instanceof CliException || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
              || ex instanceof ai.muq.bundle.TextTooLongException) {
            cmd.getErr().println("error: " + msg.lines().findFirst().orElse(msg));
          } else {
            cmd.getErr().println("error: " + ex.getClass().getSimpleName() + ": " + msg.lines().findFirst().orElse(msg));
          }
          return 1;
        });
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
