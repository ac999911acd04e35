package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainArgsTest {

  private static TrainArgs parse(String... args) {
    IterateCommand command = new IterateCommand();
    new CommandLine(command).parseArgs(args);
    return command.options.values();
  }

  @Test
  void readsEveryOptionWithItsDefault() {
    TrainArgs a = parse("--data", "clips", "--out", "run", "--muq", "teacher", "--lr", "2e-4");
    assertThat(a.data()).containsExactly(Path.of("clips"));
    assertThat(a.out()).isEqualTo(Path.of("run"));
    assertThat(a.steps()).isEqualTo(1000);
    assertThat(a.batchSize()).isEqualTo(8);
    assertThat(a.lr()).isEqualTo(2e-4f);
    assertThat(a.warmup()).isEqualTo(100);
    assertThat(a.split()).isEqualTo("train");
    assertThat(a.captionLanguage()).isEqualTo("en");
  }

  @Test
  void aStageKeepsEveryOptionButItsFolderAndSteps() {
    TrainArgs a = parse("--data", "clips", "--out", "run", "--muq", "teacher", "--seed", "7", "--resume", "--workers", "3",
        "--split", "all", "--caption-language", "de", "--clip-norm", "0.5", "--weight-decay", "0.1", "--seconds", "2.4",
        "--batch-size", "4", "--checkpoint-every", "20", "--warmup", "300");
    TrainArgs stage = a.stage(Path.of("run/rvq"), 50);
    assertThat(stage.out()).isEqualTo(Path.of("run/rvq"));
    assertThat(stage.steps()).isEqualTo(50);
    assertThat(stage.warmup()).as("warm-up at most the stage's steps").isEqualTo(50);
    assertThat(stage).isEqualTo(new TrainArgs(a.data(), Path.of("run/rvq"), 50, a.batchSize(), a.seconds(), a.lr(), 50,
        a.weightDecay(), a.clipNorm(), a.checkpointEvery(), a.seed(), a.resume(), null, a.workers(), a.split(), a.captionLanguage()));
    assertThat(a.stage(Path.of("run/muq"), 1000).warmup()).isEqualTo(300);
    assertThat(stage.seed()).isEqualTo(7);
    assertThat(stage.resume()).isTrue();
  }

  @Test
  void valuesCannotChangeAfterParsing() {
    TrainArgs a = parse("--data", "a", "--data", "b", "--out", "run", "--muq", "teacher");
    assertThatThrownBy(() -> a.data().add(Path.of("c"))).isInstanceOf(UnsupportedOperationException.class);
  }
}
