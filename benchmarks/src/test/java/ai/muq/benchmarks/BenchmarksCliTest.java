package ai.muq.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchmarksCliTest {

  @Test
  void namesOneSubcommandPerBenchmark() {
    assertThat(BenchmarksCli.commandLine().getSubcommands()).containsOnlyKeys("service", "soak", "index", "audio", "solr");
  }

  @Test
  void unknownSubcommandIsRefusedWithUsage() {
    StringWriter err = new StringWriter();
    int code = BenchmarksCli.commandLine().setErr(new PrintWriter(err)).execute("nope");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("nope");
  }

  @Test
  void indexSubcommandRunsTheBenchmarkWithItsOwnArguments() {
    // a tiny index: the arguments reach IndexBenchmark unchanged (--key=value, which picocli would refuse itself)
    int code = BenchmarksCli.commandLine().execute("index", "--n=300", "--dim=16", "--queries=20", "--recall-queries=10", "--threads=1");
    assertThat(code).isZero();
  }
}
