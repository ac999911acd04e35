package ai.muq.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.client.EmbeddingInput;
import ai.muq.client.EmbeddingVector;
import ai.muq.client.api.EmbeddingsApi;
import ai.muq.client.model.AudioEmbeddingResponse;
import ai.muq.client.model.EmbeddingRequest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Concurrent requests demonstrably share model runs (the batch-size metric shows runs of several
 * items) and get the same numbers as when sent one at a time.
 */
class BatchingEndToEndTest extends EndToEndBase {

  static final int RATE = 24_000;

  @Autowired MeterRegistry registry;

  double maxBatch(String graph) {
    var s = registry.find("muq.inference.batch.size").tags("model", MODEL, "graph", graph).summary();
    return s == null ? 0 : s.max();
  }

  long runs(String graph) {
    var s = registry.find("muq.inference.batch.size").tags("model", MODEL, "graph", graph).summary();
    return s == null ? 0 : s.count();
  }

  @Test
  void concurrentAudioRequestsShareRunsAndEqualSequentialResults() throws Exception {
    int n = 8;
    List<File> files = new ArrayList<>();
    List<List<Float>> sequential = new ArrayList<>();
    EmbeddingsApi api = new EmbeddingsApi(client());
    for (int i = 0; i < n; i++) {
      files.add(file("b" + i + ".wav", Fixtures.wav16(Fixtures.music(2, RATE, 10 + i), RATE)).toFile());
      sequential.add(api.createAudioEmbedding(files.get(i), MODEL, null, null, null, null)
          .getEmbedding().getData());
    }
    long runsBefore = runs("mulan_audio");
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<AudioEmbeddingResponse>> f = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        File file = files.get(i);
        f.add(pool.submit(() -> {
          go.await();
          return new EmbeddingsApi(client()).createAudioEmbedding(file, MODEL, null, null, null, null);
        }));
      }
      go.countDown();
      for (int i = 0; i < n; i++) {
        List<Float> together = f.get(i).get().getEmbedding().getData();
        for (int d = 0; d < together.size(); d++) {
          assertThat(together.get(d)).isCloseTo(sequential.get(i).get(d),
              org.assertj.core.api.Assertions.within(1e-5f));
        }
      }
    }
    long runsDuring = runs("mulan_audio") - runsBefore;
    System.out.printf("batching: %d concurrent audio requests ran in %d model runs, largest batch %.0f%n",
        n, runsDuring, maxBatch("mulan_audio"));
    assertThat(maxBatch("mulan_audio")).as("largest mulan_audio batch").isGreaterThan(1);
    assertThat(runsDuring).as("model runs for %d requests", n).isLessThan(n);
  }

  @Test
  void concurrentTextRequestsShareRunsAndEqualSequentialResults() throws Exception {
    List<String> texts = List.of("piano", "calm piano with strings", "loud drums", "a sad violin melody",
        "jazz", "electronic dance music with heavy bass", "choir", "acoustic guitar folk song");
    EmbeddingsApi api = new EmbeddingsApi(client());
    List<EmbeddingVector> sequential = new ArrayList<>();
    for (String t : texts) {
      sequential.add(api.createEmbeddings(new EmbeddingRequest().model(MODEL).input(EmbeddingInput.of(t)))
          .getData().getFirst().getEmbedding());
    }
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<EmbeddingVector>> f = new ArrayList<>();
      for (String t : texts) {
        f.add(pool.submit(() -> {
          go.await();
          return new EmbeddingsApi(client()).createEmbeddings(new EmbeddingRequest().model(MODEL).input(EmbeddingInput.of(t)))
              .getData().getFirst().getEmbedding();
        }));
      }
      go.countDown();
      for (int i = 0; i < texts.size(); i++) {
        List<Float> a = ApiEndToEndTest.vector(f.get(i).get());
        List<Float> b = ApiEndToEndTest.vector(sequential.get(i));
        for (int d = 0; d < a.size(); d++) {
          assertThat(a.get(d)).isCloseTo(b.get(d), org.assertj.core.api.Assertions.within(1e-4f));
        }
      }
    }
    assertThat(maxBatch("mulan_text")).as("largest mulan_text batch").isGreaterThan(1);
  }
}
