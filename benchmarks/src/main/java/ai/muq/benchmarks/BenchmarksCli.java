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
 * service|index|audio|solr ARGS}. Each subcommand hands its arguments unchanged to the benchmark it
 * names (their options are documented on each class and in docs/), so a documented argument list
 * reads the same whichever way the benchmark is started. None of these ships in a product jar;
 * {@code model-export bench} (the report over their figure files) stays a product command.
 */
@Command(
    name = "benchmarks",
    mixinStandardHelpOptions = true,
    description = "MuQ benchmarks (not part of the product jars).",
    subcommands = {
      BenchmarksCli.Service.class,
      BenchmarksCli.Index.class,
      BenchmarksCli.Audio.class,
      BenchmarksCli.Solr.class,
    })
public final class BenchmarksCli {

  /** A benchmark's own main method. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  /** Hands every argument after the subcommand name to one benchmark's main method. */
  abstract static class PassThrough implements Callable<Integer> {

    @Unmatched List<String> args = new ArrayList<>();

    abstract Main main();

    @Override
    public Integer call() throws Exception {
      main().run(args.toArray(String[]::new));
      return 0;
    }
  }

  @Command(name = "service", description = "HTTP load on the service: [--seconds=N] [--json=FILE] [--url=URL --pid=PID] [--muq.bundles=DIR]")
  static final class Service extends PassThrough {
    @Override
    Main main() {
      return ServiceBenchmark::main;
    }
  }

  @Command(name = "index", description = "Embedded Lucene index build, latency and recall: --key=value options (see docs/library.md)")
  static final class Index extends PassThrough {
    @Override
    Main main() {
      return IndexBenchmark::main;
    }
  }

  @Command(name = "audio", description = "Decode + downmix + resample speed on one thread: [seconds] [runs] [file]")
  static final class Audio extends PassThrough {
    @Override
    Main main() {
      return AudioBench::main;
    }
  }

  @Command(name = "solr", description = "Two-node SolrCloud vs embedded Lucene: [n] [uniform|clustered] [queries]")
  static final class Solr extends PassThrough {
    @Override
    Main main() {
      return SolrBench::main;
    }
  }

  private BenchmarksCli() {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchmarksCli()).execute(args));
  }
}
