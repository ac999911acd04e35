package ai.muq.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.muq.bundle.BundleManifest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --license/--license-notes} write the weights' licence into bundle.json. */
class ExportLicenseTest {

  @Test
  void licenceOptionsLandInBundleJsonAndWithoutThemNoneIsStated(@TempDir Path dir) throws Exception {
    Path licensed = dir.resolve("licensed");
    assertThat(ModelExportCli.commandLine().execute("export", "--config", "tiny", "--random-init", "--kind", "muq",
        "--license", "GPL-2.0-only", "--license-notes", "data: renderings with TimGM6mb (GPL-2.0)",
        "--out", licensed.toString())).isZero();
    BundleManifest m = BundleManifest.read(licensed);
    m.verify(licensed);
    assertThat(m.license()).isEqualTo("GPL-2.0-only");
    assertThat(m.licenseNotes()).isEqualTo("data: renderings with TimGM6mb (GPL-2.0)");

    Path plain = dir.resolve("plain");
    assertThat(ModelExportCli.commandLine().execute("export", "--config", "tiny", "--random-init", "--kind", "muq",
        "--out", plain.toString())).isZero();
    assertThat(BundleManifest.read(plain).license()).isEqualTo(BundleManifest.LICENSE_NOT_STATED);
    assertThat(BundleManifest.read(plain).licenseNotes()).isNull();
  }
}
