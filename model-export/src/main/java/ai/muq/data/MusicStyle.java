package ai.muq.data;

import static ai.muq.data.GmInstrument.*;

import java.util.List;
import java.util.Locale;

/**
 * The styles of the synthetic corpus. Each fixes the arrangement: tempo range, how often it is in
 * a major key, which GM instruments may lead, accompany and play bass, whether it has drums, and
 * the patterns its parts play.
 */
public enum MusicStyle {
  ROCK(
      "摇滚", 100, 160, 0.6,
      List.of(OVERDRIVEN_GUITAR, DISTORTION_GUITAR, ORGAN),
      List.of(DISTORTION_GUITAR, CLEAN_GUITAR, PIANO, ORGAN),
      List.of(FINGERED_BASS, PICKED_BASS), 1.0,
      1.0, new int[] {0, 16},
      Accompaniment.POWER_CHORDS, BassLine.ROOT_EIGHTHS, DrumGroove.ROCK,
      new int[] {2, 2, 2, 4, 4, 8}, false, false),
  JAZZ(
      "爵士", 72, 180, 0.6,
      List.of(ALTO_SAX, TENOR_SAX, TRUMPET, VIBRAPHONE, JAZZ_GUITAR, PIANO),
      List.of(PIANO, ELECTRIC_PIANO, JAZZ_GUITAR),
      List.of(ACOUSTIC_BASS), 1.0,
      0.9, new int[] {32, 40},
      Accompaniment.COMPING, BassLine.WALKING, DrumGroove.SWING,
      new int[] {2, 2, 2, 4, 4, 6}, true, true),
  CLASSICAL(
      "古典", 60, 140, 0.55,
      List.of(VIOLIN, FLUTE, OBOE, CLARINET, PIANO, CELLO, FRENCH_HORN, TRUMPET),
      List.of(STRING_ENSEMBLE, PIANO, HARP, CHURCH_ORGAN),
      List.of(CELLO, CONTRABASS), 0.8,
      0.0, new int[] {48},
      Accompaniment.ARPEGGIO, BassLine.HALF_ROOTS, DrumGroove.NONE,
      new int[] {2, 4, 4, 4, 8}, false, false),
  ELECTRONIC(
      "电子", 110, 150, 0.4,
      List.of(SQUARE_LEAD, SAW_LEAD),
      List.of(WARM_PAD, POLYSYNTH_PAD, NEW_AGE_PAD),
      List.of(SYNTH_BASS, SYNTH_BASS_2), 1.0,
      1.0, new int[] {24, 25},
      Accompaniment.SUSTAINED, BassLine.OFFBEAT, DrumGroove.FOUR_ON_THE_FLOOR,
      new int[] {1, 2, 2, 2, 4}, false, false),
  FOLK(
      "民谣", 80, 140, 0.7,
      List.of(VIOLIN, FLUTE, BANJO, PAN_FLUTE, CLARINET),
      List.of(STEEL_GUITAR, NYLON_GUITAR),
      List.of(ACOUSTIC_BASS), 0.6,
      0.5, new int[] {0, 40},
      Accompaniment.ARPEGGIO, BassLine.ROOT_FIFTH, DrumGroove.FOLK,
      new int[] {2, 2, 4, 4, 6}, false, false),
  AMBIENT(
      "氛围", 56, 90, 0.5,
      List.of(PIANO, ELECTRIC_PIANO, FLUTE, HARP, VIBRAPHONE),
      List.of(WARM_PAD, STRING_ENSEMBLE, NEW_AGE_PAD),
      List.of(SYNTH_BASS), 0.4,
      0.15, new int[] {0},
      Accompaniment.SUSTAINED, BassLine.WHOLE_ROOTS, DrumGroove.SHAKER,
      new int[] {4, 8, 8, 12, 16}, false, false);

  /** How the accompanying chord instrument plays the progression. */
  public enum Accompaniment {
    SUSTAINED, ARPEGGIO, COMPING, POWER_CHORDS
  }

  /** How the bass plays the progression. */
  public enum BassLine {
    ROOT_EIGHTHS, WALKING, HALF_ROOTS, OFFBEAT, ROOT_FIFTH, WHOLE_ROOTS
  }

  /** Drum pattern on GM channel 10. */
  public enum DrumGroove {
    NONE, ROCK, SWING, FOUR_ON_THE_FLOOR, FOLK, SHAKER
  }

  private final String chinese;
  final int minBpm;
  final int maxBpm;
  final double majorProbability;
  final List<GmInstrument> leads;
  final List<GmInstrument> accompaniments;
  final List<GmInstrument> basses;
  final double bassProbability;
  final double drumProbability;
  final int[] drumKits;
  final Accompaniment accompaniment;
  final BassLine bassLine;
  final DrumGroove groove;
  /** Melody note lengths in sixteenths to draw from (repeats weight a choice). */
  final int[] melodySixteenths;
  final boolean swing;
  final boolean sevenths;

  MusicStyle(
      String chinese, int minBpm, int maxBpm, double majorProbability,
      List<GmInstrument> leads, List<GmInstrument> accompaniments,
      List<GmInstrument> basses, double bassProbability,
      double drumProbability, int[] drumKits,
      Accompaniment accompaniment, BassLine bassLine, DrumGroove groove,
      int[] melodySixteenths, boolean swing, boolean sevenths) {
    this.chinese = chinese;
    this.minBpm = minBpm;
    this.maxBpm = maxBpm;
    this.majorProbability = majorProbability;
    this.leads = leads;
    this.accompaniments = accompaniments;
    this.basses = basses;
    this.bassProbability = bassProbability;
    this.drumProbability = drumProbability;
    this.drumKits = drumKits;
    this.accompaniment = accompaniment;
    this.bassLine = bassLine;
    this.groove = groove;
    this.melodySixteenths = melodySixteenths;
    this.swing = swing;
    this.sevenths = sevenths;
  }

  /** The label word, e.g. {@code "jazz"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Chinese word used in captions. */
  public String chinese() {
    return chinese;
  }

  /** Lowest tempo the composer picks for this style, in BPM. */
  public int minBpm() {
    return minBpm;
  }

  /** Highest tempo the composer picks for this style, in BPM. */
  public int maxBpm() {
    return maxBpm;
  }

  /** Instruments that may play the melody. */
  public List<GmInstrument> leads() {
    return leads;
  }
}
