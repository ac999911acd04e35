package ai.muq.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The Debian packages of real music the default model may use (issue 17), one definition for the
 * recipe, the catalog builder and the training guard: eight packages train, two are held out whole
 * for evaluation and must never enter training.
 *
 * <p>Each training package carries a short description of its style and instrumentation, used as
 * weak text (a caption and tag prompts) for all of its tracks. The descriptions were written from
 * the packages' own descriptions, the games they belong to and the track titles, in the vocabulary
 * the zero-shot tags use; they describe a whole soundtrack, so they are deliberately broad.
 */
public final class RealMusicPackages {

  /** Whether a package may be trained on. */
  public enum Role {
    TRAIN,
    HELD_OUT
  }

  /**
   * One package.
   *
   * @param caption one English sentence about the soundtrack
   * @param tags tag words (each becomes a "{tag} music" prompt in train-mulan)
   */
  public record Package(String name, Role role, String caption, List<String> tags) {
    public Package {
      tags = List.copyOf(tags);
    }
  }

  public static final List<Package> ALL = List.of(
      train("drascula-music",
          "Soundtrack of a comic vampire adventure game: short melodic pieces with synthesizer, piano and orchestral sounds, spooky and playful.",
          "soundtrack", "synthesizer", "piano", "playful", "mysterious"),
      train("asc-music",
          "Music of a turn-based strategy war game: slow, dramatic instrumental pieces with synthesizer and orchestral pads.",
          "soundtrack", "instrumental", "synthesizer", "epic", "dark"),
      train("fb-music-high",
          "Music of the Frozen Bubble puzzle game: a bouncy, cheerful electronic tune with a catchy synthesizer melody and drums.",
          "electronic", "synthesizer", "drums", "happy", "playful", "fast"),
      train("nexuiz-music",
          "Music of an arena shooter: aggressive electronic and industrial tracks with heavy drum machines, distorted synthesizers and guitars.",
          "electronic", "techno", "industrial", "drums", "synthesizer", "aggressive", "energetic", "dark", "fast"),
      train("planetblupi-music-ogg",
          "Music of a cheerful children's game: light, playful instrumental tunes with synthesizer, percussion and melodic leads.",
          "instrumental", "happy", "playful", "synthesizer", "percussion"),
      train("singularity-music",
          "Music of a slow strategy game about an emerging artificial intelligence: calm, atmospheric ambient electronic pieces with piano and pads.",
          "ambient", "electronic", "calm", "atmospheric", "piano", "synthesizer", "slow"),
      train("warzone2100-music",
          "Soundtrack of a real-time strategy war game: electronic and ambient tracks with synthesizers, drum loops and orchestral, cinematic textures.",
          "electronic", "ambient", "synthesizer", "drums", "cinematic", "dark", "epic"),
      train("xblast-tnt-musics",
          "Music of a bomberman-style arcade game: fast, upbeat electronic tracker tunes with synthesizer leads and drum beats.",
          "electronic", "techno", "synthesizer", "drums", "energetic", "fast"),
      heldOut("ufoai-music"),
      heldOut("hyperrogue-music"));

  private RealMusicPackages() {}

  public static List<Package> withRole(Role role) {
    return ALL.stream().filter(p -> p.role() == role).toList();
  }

  public static Optional<Package> named(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The held-out package a catalog entry belongs to, if any: by its {@code package} label, or by a
   * folder of its path named like a held-out package (the recipe extracts each package into a
   * folder of its name; Debian installs them under {@code /usr/share/doc/<package>} beside
   * game-specific folders).
   */
  public static Optional<String> heldOutPackageOf(CatalogEntry e) {
    Object label = e.labels().get("package");
    for (Package p : withRole(Role.HELD_OUT)) {
      if (p.name().equals(label)) {
        return Optional.of(p.name());
      }
      for (Path part : e.audio().toAbsolutePath().normalize()) {
        if (part.toString().equals(p.name())) {
          return Optional.of(p.name());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Fails when any entry is from a held-out package: their figures are the honest measure of real
   * music, so no training catalog may contain them.
   *
   * @throws IllegalArgumentException naming the first offending file
   */
  public static void requireNoHeldOut(List<CatalogEntry> entries) {
    for (CatalogEntry e : entries) {
      Optional<String> p = heldOutPackageOf(e);
      if (p.isPresent()) {
        throw new IllegalArgumentException("held-out package " + p.get() + " must not be trained on: " + e.audio());
      }
    }
  }

  private static Package train(String name, String caption, String... tags) {
    return new Package(name, Role.TRAIN, caption, List.of(tags));
  }

  private static Package heldOut(String name) {
    return new Package(name, Role.HELD_OUT, "", List.of());
  }
}
