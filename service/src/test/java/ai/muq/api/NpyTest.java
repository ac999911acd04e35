package ai.muq.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NpyTest {

  @Test
  void writesVersion1HeaderAlignedTo64AndLittleEndianData() {
    byte[] npy = Npy.float32(new float[] {1f, -2.5f, 3f, 4f, 5f, 6f}, 2, 3);
    assertThat(npy[0]).isEqualTo((byte) 0x93);
    assertThat(new String(npy, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
    assertThat(npy[6]).isEqualTo((byte) 1);
    assertThat(npy[7]).isEqualTo((byte) 0);
    int len = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
    String header = new String(npy, 10, len, StandardCharsets.US_ASCII);
    assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }").endsWith("\n");
    assertThat((10 + len) % 64).isZero();
    ByteBuffer data = ByteBuffer.wrap(npy, 10 + len, 24).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(data.getFloat()).isEqualTo(1f);
    assertThat(data.getFloat()).isEqualTo(-2.5f);
    assertThat(npy).hasSize(10 + len + 24);
  }

  @Test
  void oneDimensionalShapeHasATrailingComma() {
    byte[] npy = Npy.float32(new float[3], 3);
    assertThat(new String(npy, StandardCharsets.US_ASCII)).contains("'shape': (3,)");
  }

  @Test
  void shapeMustMatchTheData() {
    assertThatThrownBy(() -> Npy.float32(new float[5], 2, 3)).isInstanceOf(IllegalArgumentException.class);
  }
}
