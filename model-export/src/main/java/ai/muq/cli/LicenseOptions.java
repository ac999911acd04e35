package ai.muq.cli;

import picocli.CommandLine.Option;

/**
 * {@code --license} and {@code --license-notes} of {@code export} and {@code import}: what
 * bundle.json's {@code license} and {@code license_notes} say about the weights.
 */
final class LicenseOptions {

  @Option(names = "--license", paramLabel = "SPDX",
      description = "Licence of the weights for bundle.json: an SPDX id or a short text, following the training"
          + " data's licences. Default: export NOASSERTION (none stated); import the license of the model card"
          + " DIR/README.md (OpenMuQ's releases: CC-BY-NC-4.0).")
  String license;

  @Option(names = "--license-notes", paramLabel = "TEXT",
      description = "The training data's licences in one line, for bundle.json (import default: what the model card names).")
  String licenseNotes;
}
