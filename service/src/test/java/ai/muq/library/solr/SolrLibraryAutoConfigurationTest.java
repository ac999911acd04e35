package ai.muq.library.solr;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.LibraryAutoConfiguration;
import ai.muq.library.LibraryUnavailableException;
import ai.muq.library.TrackEmbedder;
import ai.muq.library.TrackIndex;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/** {@code muq.library.backend=solr} replaces the embedded index with the SolrCloud one. */
@Tag("slow")
class SolrLibraryAutoConfigurationTest {

  @TempDir Path dir;

  private WebApplicationContextRunner runner() {
    return new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LibraryAutoConfiguration.class, SolrLibraryAutoConfiguration.class))
        .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
        .withBean(TrackEmbedder.class, SolrLibraryAutoConfigurationTest::embedder)
        .withPropertyValues("muq.library.dir=" + dir);
  }

  private static TrackEmbedder embedder() {
    return ai.muq.library.Unsupported.of(TrackEmbedder.class);
  }

  @Test
  void solrBackendUsesTheConfiguredCollection() {
    SolrTestCluster cluster = SolrTestCluster.shared();
    runner()
        .withPropertyValues("muq.library.backend=solr", "muq.library.solr.zk-hosts=" + cluster.zkAddress().split("/")[0],
            "muq.library.solr.zk-chroot=/solr", "muq.library.solr.collection=spring-wired", "muq.library.solr.shards=2",
            "muq.library.solr.knn-top-k=300", "muq.library.solr.request-timeout=20s")
        .run(context -> {
          assertThat(context).hasNotFailed();
          TrackIndex index = context.getBean(TrackIndex.class);
          assertThat(index).isInstanceOf(SolrTrackIndex.class);
          assertThat(((SolrTrackIndex) index).collection()).isEqualTo("spring-wired");
          assertThat(context.getBean(SolrLibrarySettings.class).knnTopK()).isEqualTo(300);
          assertThat(index.count()).isZero();
        });
  }

  @Test
  void baseUrlsWorkWithoutZooKeeper() {
    SolrTestCluster cluster = SolrTestCluster.shared();
    runner()
        .withPropertyValues("muq.library.backend=solr", "muq.library.solr.base-urls=" + String.join(",", cluster.baseUrls()),
            "muq.library.solr.collection=spring-wired-http")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(TrackIndex.class).count()).isZero();
        });
  }

  @Test
  void anUnreachableClusterFailsTheStartWithTheUnavailableError() {
    runner()
        .withPropertyValues("muq.library.backend=solr", "muq.library.solr.base-urls=http://127.0.0.1:9/solr",
            "muq.library.solr.request-timeout=2s")
        .run(context -> {
          assertThat(context).hasFailed();
          boolean unavailable = false;
          for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            unavailable |= t instanceof LibraryUnavailableException;
          }
          assertThat(unavailable).as("start failure caused by LibraryUnavailableException").isTrue();
        });
  }

}
