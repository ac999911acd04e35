package ai.muq.cli;

import ai.muq.data.Catalog;
import ai.muq.data.CatalogEntry;
import ai.muq.data.RealMusicPackages;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code real-music-catalog}: the JSONL training catalog of extracted real-music packages (the
 * layout {@code recipes/real-music.sh} writes), every track with its package's weak description as
 * caption and tags. Held-out packages are refused.
 */
@Command(name = "real-music-catalog", mixinStandardHelpOptions = true,
    description = {
      "Writes the training catalog (JSONL) of Debian real-music packages extracted under --root/<package>:",
      "each audio file with its package's description as English caption and its tags, plus the package's",
      "version and licence from --root/packages.tsv. Held-out packages (ufoai-music, hyperrogue-music) are refused.",
      "With --list train|held-out, prints the package names instead."
    })
public final class RealMusicCatalogCommand implements Callable<Integer> {

  static final String PACKAGES_TSV = "packages.tsv";

  @Option(names = "--root", description = "Folder holding one extracted folder per package and packages.tsv.")
  Path root;

  @Option(names = "--info", description = "packages.tsv of the recipe (package, role, version, licence; default: --root/packages.tsv).")
  Path infoFile;

  @Option(names = "--out", description = "The JSONL catalog to write (paths relative to its folder when below it).")
  Path out;

  @Option(names = "--list", description = "Print the packages of a role (train or held-out), one a line, and stop.")
  String list;

  @Parameters(description = "Packages to include (default: every training package).")
  List<String> packages = List.of();

  @Override
  public Integer call() throws Exception {
    if (list != null) {
      RealMusicPackages.Role role = switch (list) {
        case "train" -> RealMusicPackages.Role.TRAIN;
        case "held-out", "heldout" -> RealMusicPackages.Role.HELD_OUT;
        default -> throw new CliException("--list must be train or held-out, not '" + list + "'");
      };
      RealMusicPackages.withRole(role).forEach(p -> System.out.println(p.name()));
      return 0;
    }
    if (root == null || out == null) {
      throw new CliException("--root and --out are required (or --list)");
    }
    List<String> names = packages.isEmpty()
        ? RealMusicPackages.withRole(RealMusicPackages.Role.TRAIN).stream().map(RealMusicPackages.Package::name).toList()
        : packages;
    Map<String, String[]> info = readInfo(infoFile != null ? infoFile : root.resolve(PACKAGES_TSV));
    ObjectMapper json = new ObjectMapper();
    Path base = out.toAbsolutePath().getParent();
    Files.createDirectories(base);
    int lines = 0;
    Path tmp = base.resolve(out.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (String name : names) {
        RealMusicPackages.Package p = RealMusicPackages.named(name)
            .orElseThrow(() -> new CliException("unknown package '" + name + "': not one of the described real-music packages"));
        if (p.role() != RealMusicPackages.Role.TRAIN) {
          throw new CliException("held-out package " + name + " must not enter a training catalog");
        }
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
          throw new CliException("package " + name + " is not extracted in " + dir + " (run recipes/real-music.sh)");
        }
        List<CatalogEntry> tracks = Catalog.folder(dir);
        if (tracks.isEmpty()) {
          throw new CliException("no audio files in " + dir);
        }
        String[] row = info.get(name);
        for (CatalogEntry t : tracks) {
          Path audio = t.audio().toAbsolutePath();
          Map<String, Object> line = new LinkedHashMap<>();
          line.put("path", audio.startsWith(base) ? base.relativize(audio).toString() : audio.toString());
          line.put("tags", p.tags());
          line.put("captions", Map.of("en", List.of(p.caption())));
          line.put("split", "train");
          Map<String, Object> labels = new LinkedHashMap<>();
          labels.put("package", name);
          labels.put("track", dir.toAbsolutePath().relativize(audio).toString());
          if (row != null) {
            labels.put("package_version", row[2]);
            labels.put("licence", row[3]);
          }
          line.put("labels", labels);
          w.write(json.writeValueAsString(line));
          w.newLine();
          lines++;
        }
        System.out.printf("%-24s %4d tracks%s%n", name, tracks.size(), row == null ? " (not in " + PACKAGES_TSV + ")" : "");
      }
    }
    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.printf("wrote %d tracks to %s%n", lines, out);
    return 0;
  }

  /** packages.tsv rows by package: package, role, version, licence, tracks. */
  static Map<String, String[]> readInfo(Path tsv) throws java.io.IOException {
    Map<String, String[]> rows = new HashMap<>();
    if (!Files.isRegularFile(tsv)) {
      return rows;
    }
    for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t", -1);
      if (f.length >= 4 && !f[0].equals("package")) {
        rows.put(f[0], f);
      }
    }
    return rows;
  }
}
