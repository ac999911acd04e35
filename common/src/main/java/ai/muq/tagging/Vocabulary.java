package ai.muq.tagging;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The built-in label sets for zero-shot tagging. */
public enum Vocabulary {
  /** MagnaTagATune's 50 most frequent tags, the usual zero-shot tagging benchmark. */
  MAGNATAGATUNE(
      "magnatagatune",
      List.of(
          "guitar", "classical", "slow", "techno", "strings", "drums", "electronic", "rock",
          "fast", "piano", "ambient", "beat", "violin", "vocal", "synth", "female", "indian",
          "opera", "male", "singing", "vocals", "no vocals", "harpsichord", "loud", "quiet",
          "flute", "woman", "male vocal", "no vocal", "pop", "soft", "sitar", "solo", "man",
          "classic", "choir", "voice", "new age", "dance", "male voice", "female vocal", "beats",
          "harp", "cello", "no voice", "weird", "country", "metal", "female voice", "choral")),
  GENRES(
      "genres",
      List.of(
          "blues", "classical", "country", "disco", "hip hop", "jazz", "metal", "pop", "reggae",
          "rock", "electronic", "folk", "funk", "soul", "rhythm and blues", "punk", "latin",
          "ambient", "gospel", "world")),
  INSTRUMENTS(
      "instruments",
      List.of(
          "piano", "acoustic guitar", "electric guitar", "bass guitar", "drums", "violin", "cello",
          "double bass", "flute", "clarinet", "saxophone", "trumpet", "trombone", "harp", "organ",
          "synthesizer", "accordion", "banjo", "mandolin", "sitar", "choir", "singing voice",
          "string section", "brass section")),
  MOODS(
      "moods",
      List.of(
          "happy", "sad", "calm", "energetic", "aggressive", "romantic", "dark", "uplifting",
          "melancholic", "relaxing", "tense", "epic", "playful", "peaceful", "angry", "dreamy",
          "nostalgic", "mysterious"));

  private final String id;
  private final List<String> labels;

  Vocabulary(String id, List<String> labels) {
    this.id = id;
    this.labels = List.copyOf(labels);
  }

  /** The name used in requests. */
  public String id() {
    return id;
  }

  public List<String> labels() {
    return labels;
  }

  public static Optional<Vocabulary> byId(String id) {
    return Arrays.stream(values()).filter(v -> v.id.equalsIgnoreCase(id)).findFirst();
  }
}
