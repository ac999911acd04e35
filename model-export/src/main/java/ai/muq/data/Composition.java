package ai.muq.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import javax.sound.midi.Sequence;

/**
 * A procedurally composed clip: the MIDI sequence plus the musical facts it was written from,
 * which are the ground truth of its labels.
 *
 * <p>Channel layout of the sequence: 0 lead, 1 accompaniment, 2 bass, 9 drums (GM channel 10).
 *
 * @param sequence the MIDI to render (one track, tempo meta event first)
 * @param style the style whose arrangement was used
 * @param tonic tonic pitch class 0..11 (0 = C)
 * @param mode major or minor
 * @param bpm tempo in quarter notes per minute
 * @param lead instrument playing the melody (channel 0)
 * @param accompaniment instrument playing the chords (channel 1)
 * @param bass instrument playing the bass line (channel 2), empty when the clip has no bass
 * @param drumKit GM drum kit program on channel 9, empty when no drums were written
 * @param progression chord roots as scale degrees 0..6, one per bar, repeated to fill the clip
 * @param seconds the clip length the sequence was written for
 */
public record Composition(
    Sequence sequence,
    MusicStyle style,
    int tonic,
    Mode mode,
    int bpm,
    GmInstrument lead,
    GmInstrument accompaniment,
    Optional<GmInstrument> bass,
    Optional<Integer> drumKit,
    List<Integer> progression,
    double seconds) {

  public Composition {
    Objects.requireNonNull(sequence);
    Objects.requireNonNull(style);
    Objects.requireNonNull(mode);
    Objects.requireNonNull(lead);
    Objects.requireNonNull(accompaniment);
    Objects.requireNonNull(bass);
    Objects.requireNonNull(drumKit);
    if (tonic < 0 || tonic > 11) {
      throw new IllegalArgumentException("tonic must be a pitch class 0..11: " + tonic);
    }
    if (bpm <= 0 || seconds <= 0) {
      throw new IllegalArgumentException("bpm and seconds must be positive");
    }
    progression = List.copyOf(progression);
  }

  /** Key name, e.g. {@code "F#"}. */
  public String key() {
    return Mode.pitchClassName(tonic);
  }

  public boolean hasDrums() {
    return drumKit.isPresent();
  }

  /** Families of every part written, sorted by label. */
  public List<String> families() {
    TreeSet<String> families = new TreeSet<>();
    families.add(lead.family().label());
    families.add(accompaniment.family().label());
    bass.ifPresent(b -> families.add(b.family().label()));
    if (hasDrums()) {
      families.add(InstrumentFamily.DRUMS.label());
    }
    return List.copyOf(families);
  }

  /** Simplified names of every part's instrument, lead first, without repeats. */
  public List<String> instruments() {
    List<String> names = new ArrayList<>();
    names.add(lead.label());
    if (!names.contains(accompaniment.label())) {
      names.add(accompaniment.label());
    }
    bass.filter(b -> !names.contains(b.label())).ifPresent(b -> names.add(b.label()));
    if (hasDrums()) {
      names.add("drums");
    }
    return List.copyOf(names);
  }

  /** {@code slow} below 90 BPM, {@code fast} from 125 BPM, else {@code medium}. */
  public String tempoBucket() {
    return tempoBucket(bpm);
  }

  static String tempoBucket(int bpm) {
    return bpm < 90 ? "slow" : bpm < 125 ? "medium" : "fast";
  }

  /** Mood words derived from mode and tempo, with one style-specific word where it fits. */
  public List<String> moods() {
    List<String> moods = new ArrayList<>();
    String bucket = tempoBucket();
    if (mode == Mode.MAJOR) {
      switch (bucket) {
        case "fast" -> moods.addAll(List.of("happy", "energetic", "upbeat"));
        case "medium" -> moods.addAll(List.of("happy", "bright", "cheerful"));
        default -> moods.addAll(List.of("calm", "peaceful", "relaxing"));
      }
    } else {
      switch (bucket) {
        case "fast" -> moods.addAll(List.of("dark", "energetic", "tense"));
        case "medium" -> moods.addAll(List.of("melancholic", "mysterious"));
        default -> moods.addAll(List.of("sad", "melancholic", "dark"));
      }
    }
    String extra =
        switch (style) {
          case AMBIENT -> "dreamy";
          case ROCK -> bucket.equals("slow") ? null : "powerful";
          case ELECTRONIC -> hasDrums() ? "danceable" : null;
          case JAZZ -> "groovy";
          case CLASSICAL -> "elegant";
          case FOLK -> mode == Mode.MAJOR ? "warm" : null;
        };
    if (extra != null && !moods.contains(extra)) {
      moods.add(extra);
    }
    return List.copyOf(moods);
  }

  /** The progression as Roman numerals, e.g. {@code [I, V, vi, IV]}. */
  public List<String> progressionNumerals() {
    return progression.stream().map(mode::numeral).toList();
  }
}
