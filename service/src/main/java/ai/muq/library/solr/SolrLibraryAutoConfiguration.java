package ai.muq.library.solr;

import ai.muq.library.LibraryAutoConfiguration;
import ai.muq.library.TrackEmbedder;
import ai.muq.library.TrackIndex;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * {@code muq.library.backend=solr}: the library's {@link TrackIndex} is a SolrCloud collection
 * instead of the embedded Lucene index (which {@link LibraryAutoConfiguration} creates only when no
 * index bean exists). Start fails with one clear error when the collection has a foreign schema,
 * and with {@link ai.muq.library.LibraryUnavailableException} when Solr cannot be reached.
 */
@AutoConfiguration(before = LibraryAutoConfiguration.class)
@ConditionalOnProperty(name = "muq.library.backend", havingValue = "solr")
@ConditionalOnBean(TrackEmbedder.class)
@EnableConfigurationProperties(SolrLibrarySettings.class)
public class SolrLibraryAutoConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  TrackIndex trackIndex(SolrLibrarySettings settings) {
    return SolrTrackIndex.open(settings);
  }
}
