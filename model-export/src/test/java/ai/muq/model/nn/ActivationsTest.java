package ai.muq.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.muq.cli.Engines;
import ai.muq.model.DjlOps;
import ai.muq.model.ParamStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationsTest {

  @Test
  void l2NormalizeIsFNormalizeAndAZeroVectorHasAFiniteGradient() {
    Engines.init();
    try (NDManager m = NDManager.newBaseManager()) {
      DjlOps ops = DjlOps.inference(new ParamStore(m, List.of()), m);
      NDArray x = m.create(new float[] {3, 4, 0, 0, 0, 0}, new Shape(2, 3));
      x.setRequiresGradient(true);
      NDArray y;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        y = Activations.l2Normalize(ops, x, -1);
        gc.backward(y.mul(m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3))).sum());
      }
      float[] v = y.toFloatArray();
      assertThat(v[0]).isCloseTo(0.6f, offset(1e-6f));
      assertThat(v[1]).isCloseTo(0.8f, offset(1e-6f));
      assertThat(v[3]).isZero();
      for (float g : x.getGradient().toFloatArray()) {
        assertThat(Float.isFinite(g)).isTrue();
      }
    }
  }
}
