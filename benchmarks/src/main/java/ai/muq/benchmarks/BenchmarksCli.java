package ai.muq.benchmarks;

import ai.muq.audio.AudioBench;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The one entry point of {@code benchmarks.jar}: {@code java -jar benchmarks/target/benchmarks.jar
 * service|soak|index|audio|solr ARGS}. Each subcommand hands its arguments unchanged to the benchmark it
 * names (their options are documented on each class and in docs/), so a documented argument list
 * reads the same whichever way the benchmark is started. None of these ships in a product jar;
 * {@code model-export bench} (the report over their figure files) stays a product command.
 */
@Command(
    name = "benchmarks",
    mixinStandardHelpOptions = true,
    description = "MuQ benchmarks (not part of the product jars).")
public final class BenchmarksCli {

  /** A benchmark's own main method. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  /** Hands every argument after the subcommand name to one benchmark's main method. */
  @Command
  static final class PassThrough implements Callable<Integer> {

    private final Main main;
    @Unmatched List<String> args = new ArrayList<>();

    PassThrough(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() throws Exception {
      main.run(args.toArray(String[]::new));
      return 0;
    }
  }

  private BenchmarksCli() {}

  /** The command line with its subcommands, one per benchmark. */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new BenchmarksCli());
    add(cli, "service", ServiceBenchmark::main,
        "HTTP load on the service: [--seconds=N] [--json=FILE] [--url=URL --pid=PID] [--muq.bundles=DIR]");
    add(cli, "soak", SoakBenchmark::main,
        "Mixed 64-client soak of a running service, with memory and throughput plots: --url=URL --pid=PID [--seconds=N] [--clients=N] [--out=DIR]");
    add(cli, "index", IndexBenchmark::main,
        "Embedded Lucene index build, latency and recall: --key=value options (see docs/library.md)");
    add(cli, "audio", AudioBench::main, "Decode + downmix + resample speed on one thread: [seconds] [runs] [file]");
    add(cli, "solr", SolrBench::main, "Two-node SolrCloud vs embedded Lucene: [n] [uniform|clustered] [queries]");
    return cli;
  }

  private static void add(CommandLine cli, String name, Main main, String description) {
    CommandLine sub = new CommandLine(new PassThrough(main));
    sub.getCommandSpec().usageMessage().description(description);
    cli.addSubcommand(name, sub);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
