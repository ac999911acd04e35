package ai.muq.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bundle.json's {@code license} and {@code license_notes}, and bundles written before them. */
class BundleManifestLicenseTest {

  private static BundleManifest manifest() {
    return new BundleManifest(1, BundleManifest.KIND_MUQ, "m", "m@1", Map.of(), 24000, 10, null, 0,
        8, 2, 25, 1, 17, Map.of(BundleManifest.GRAPH_MUQ_ENCODER, "muq-encoder.onnx"), null,
        Map.of(), Map.of("name", "test"));
  }

  @Test
  void licenceAndNotesRoundTripAsSnakeCase(@TempDir Path dir) throws Exception {
    manifest().withLicense(" GPL-2.0-only ", "rendered with TimGM6mb (GPL-2.0);\n asc-music (GPL-2.0-or-later)")
        .write(dir);
    String json = Files.readString(dir.resolve(BundleManifest.FILE_NAME));
    assertThat(json).contains("\"license\" : \"GPL-2.0-only\"", "\"license_notes\" : ");
    BundleManifest read = BundleManifest.read(dir);
    assertThat(read.license()).isEqualTo("GPL-2.0-only");
    assertThat(read.licenseNotes()).isEqualTo("rendered with TimGM6mb (GPL-2.0); asc-music (GPL-2.0-or-later)");
    // Rewriting the file list keeps the licence.
    Files.writeString(dir.resolve("muq-encoder.onnx"), "graph");
    assertThat(read.withFiles(dir, java.util.List.of("muq-encoder.onnx")).license()).isEqualTo("GPL-2.0-only");
  }

  @Test
  void olderBundleWithoutTheFieldsStatesNoLicence(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(BundleManifest.FILE_NAME), """
        {"format_version": 1, "kind": "muq", "name": "old", "id": "old@1",
         "graphs": {"muq_encoder": "muq-encoder.onnx"}, "producer": {"name": "muq-model-export"}}
        """);
    BundleManifest old = BundleManifest.read(dir);
    assertThat(old.name()).isEqualTo("old");
    assertThat(old.license()).isEqualTo(BundleManifest.LICENSE_NOT_STATED).isEqualTo("NOASSERTION");
    assertThat(old.licenseNotes()).isNull();
    assertThat(manifest().withLicense("  ", "").license()).isEqualTo("NOASSERTION");
    assertThat(manifest().withLicense("  ", "").licenseNotes()).isNull();
  }
}
