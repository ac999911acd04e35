package ai.muq.library;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.library.cli.LibraryCommandAutoConfiguration;
import ai.muq.library.lucene.LuceneTrackIndex;
import ai.muq.library.web.SearchController;
import ai.muq.library.web.TrackController;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

class LibraryAutoConfigurationTest {

  @TempDir Path dir;

  private WebApplicationContextRunner runner() {
    return new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(LibraryAutoConfiguration.class, LibraryCommandAutoConfiguration.class))
        .withBean(JsonMapper.class, () -> JsonMapper.builder().build())
        .withPropertyValues("muq.library.dir=" + dir, "muq.library.search-candidates=300");
  }

  @Test
  void withoutAModelTheAppStartsWithoutTheLibrary() {
    runner().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(TrackLibrary.class).doesNotHaveBean(TrackController.class);
    });
  }

  @Test
  void aTrackEmbedderBeanSwitchesTheLibraryOn() {
    runner().withBean(TrackEmbedder.class, () -> new SpectralTestEmbedder("b")).run(context -> {
      assertThat(context).hasSingleBean(TrackLibrary.class).hasSingleBean(TrackController.class).hasSingleBean(SearchController.class);
      assertThat(context.getBean(TrackIndex.class)).isInstanceOf(LuceneTrackIndex.class);
      assertThat(context.getBean(LibraryProperties.class).searchCandidates()).isEqualTo(300);
      assertThat(dir.resolve("index")).isDirectory();
    });
  }
}
