package ai.muq.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.muq.model.ModelConfig;
import ai.muq.model.MuqConfig;
import ai.muq.model.ParamSpec;
import ai.muq.model.muq.MuqModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncoderFlopsTest {

  /**
   * Independent of the formula: a weight matrix or 1-d kernel applied once per token costs one
   * MAC per weight element, so the Conformer's weight-bearing FLOPs are 2 x tokens x (sum of the
   * rank >= 2 weight sizes of its layers) taken from the model's own parameter list.
   */
  @Test
  void conformerWeightFlopsMatchTheModelsParameterShapes() {
    for (String name : ModelConfig.NAMES) {
      MuqConfig c = ModelConfig.named(name).muq();
      MuqModel model = new MuqModel(MuqModel.RELEASED_PREFIX, c);
      long macsPerToken = 0;
      for (int i = 0; i < c.layers(); i++) {
        for (ParamSpec p : model.layer(i).params()) {
          if (p.shape().length >= 2) {
            macsPerToken += p.size();
          }
        }
      }
      long samples = 240_000;
      long tokens = EncoderFlops.tokens(samples);
      Map<String, Double> f = EncoderFlops.breakdown(c, samples);
      double weightFlops = f.get("ffn") + f.get("attention_projections") + f.get("conv_module");
      assertThat(weightFlops).as(name).isCloseTo(2.0 * tokens * macsPerToken, within(1.0));
      // the projection Linear(C * 32 -> D) once per token
      long proj = model.subsampling().params().stream()
          .filter(p -> p.name().endsWith("linear.weight")).mapToLong(ParamSpec::size).sum();
      assertThat(f.get("projection")).isCloseTo(2.0 * tokens * proj, within(1.0));
    }
  }

  @Test
  void tenSecondsGive250TokensAndTheFrontIsCountedPerOutputPixel() {
    assertThat(EncoderFlops.tokens(240_000)).isEqualTo(250);
    MuqConfig c = ModelConfig.named("large").muq();
    Map<String, Double> f = EncoderFlops.breakdown(c, 240_000);
    // Res2d B at 32 x 250 output pixels: three 512 -> 512 3x3 convs
    double resB = 3 * 2.0 * 9 * 512 * 512 * 32 * 250;
    // Res2d A at 64 x 500: conv1 and shortcut 1 -> 512, conv2 512 -> 512
    double resA = 2 * 2.0 * 9 * 512 * 64 * 500 + 2.0 * 9 * 512 * 512 * 64 * 500;
    assertThat(f.get("conv_front")).isCloseTo(resA + resB, within(1.0));
    // STFT over 1001 centred frames with 2 x 1025 kernels of 2048 taps
    assertThat(f.get("stft_conv")).isCloseTo(2.0 * 2050 * 2048 * 1001, within(1.0));
    assertThat(EncoderFlops.total(c, 240_000, 8)).isCloseTo(8 * EncoderFlops.total(c, 240_000, 1), within(1e3));
  }
}
