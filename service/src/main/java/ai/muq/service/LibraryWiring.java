package ai.muq.service;

import ai.muq.api.ServedModels;
import ai.muq.bundle.Clips;
import ai.muq.inference.ServedModel;
import ai.muq.library.SegmentVector;
import ai.muq.library.TrackEmbedder;
import ai.muq.library.TrackEmbedding;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the music library its model: the first loaded muq-mulan model, through the same batchers
 * as the API (so library ingest and API requests share model runs). Its presence switches the
 * library auto-configuration on.
 */
@Configuration(proxyBeanMethods = false)
public class LibraryWiring {

  @Bean
  TrackEmbedder trackEmbedder(ServedModels models) {
    return new TrackEmbedder() {
      @Override
      public String bundleId() {
        return models.mulan(null).manifest().id();
      }

      /** Track vector = mean of the 10 s clip vectors (MuLan rule); one segment per clip. */
      @Override
      public TrackEmbedding embedTrack(float[] waveform24k) {
        ServedModel m = models.mulan(null);
        List<float[]> clips = m.clipEmbeddings(waveform24k);
        double clipSeconds = m.manifest().clipSeconds();
        double duration = (double) waveform24k.length / m.manifest().sampleRate();
        List<SegmentVector> segments = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
          Clips.Span span = Clips.Span.of(i, clipSeconds, duration);
          segments.add(new SegmentVector(span.start(), span.end(), clips.get(i)));
        }
        return new TrackEmbedding(Clips.mean(clips), segments);
      }

      @Override
      public float[] embedText(String text) {
        ServedModel m = models.mulan(null);
        return m.textEmbeddings(List.of(m.tokenize(text))).getFirst();
      }
    };
  }
}
