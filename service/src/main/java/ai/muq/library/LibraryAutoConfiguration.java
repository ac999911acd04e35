package ai.muq.library;

import ai.muq.library.lucene.LuceneTrackIndex;
import ai.muq.library.web.LibraryProblemHandler;
import ai.muq.library.web.SearchController;
import ai.muq.library.web.TrackController;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The music library, switched on by the presence of a {@link TrackEmbedder} bean (the model): the
 * app boots without one, just without {@code /v1/tracks} and {@code /v1/search}. Declare the
 * embedder in a regular (component-scanned) configuration, or in an auto-configuration ordered
 * before this one.
 */
@AutoConfiguration
@ConditionalOnBean(TrackEmbedder.class)
@EnableConfigurationProperties(LibraryProperties.class)
@Import({TrackController.class, SearchController.class, LibraryProblemHandler.class})
public class LibraryAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  TrackIndex trackIndex(LibraryProperties properties) {
    return new LuceneTrackIndex(properties.dir().resolve("index"), properties.indexSettings());
  }

  @Bean
  @ConditionalOnMissingBean
  AudioDecoder audioDecoder(LibraryProperties properties) {
    return new AudioLoaderDecoder(properties.maxUploadBytes(), properties.maxAudioSeconds());
  }

  @Bean
  @ConditionalOnMissingBean
  TrackLibrary trackLibrary(TrackIndex index, TrackEmbedder embedder, AudioDecoder decoder, LibraryProperties properties) {
    return new TrackLibrary(index, embedder, decoder, new AudioStore(properties.dir().resolve("audio")), Clock.systemUTC());
  }
}
