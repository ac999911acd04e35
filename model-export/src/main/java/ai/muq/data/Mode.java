package ai.muq.data;

import java.util.Locale;

/** Major or (natural) minor: the scale every pitched note of a clip is drawn from. */
public enum Mode {
  MAJOR(new int[] {0, 2, 4, 5, 7, 9, 11}, "大调", new String[] {"I", "ii", "iii", "IV", "V", "vi", "vii°"}),
  MINOR(new int[] {0, 2, 3, 5, 7, 8, 10}, "小调", new String[] {"i", "ii°", "III", "iv", "v", "VI", "VII"});

  private static final String[] PITCH_CLASSES = {
    "C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"
  };

  private final int[] steps;
  private final String chinese;
  private final String[] numerals;

  Mode(int[] steps, String chinese, String[] numerals) {
    this.steps = steps;
    this.chinese = chinese;
    this.numerals = numerals;
  }

  /** Semitones above the tonic of scale degree {@code degree} (any integer; 7 = the octave). */
  public int semitones(int degree) {
    return 12 * Math.floorDiv(degree, 7) + steps[Math.floorMod(degree, 7)];
  }

  /** Whether pitch class {@code pc} belongs to this mode's scale on {@code tonic}. */
  public boolean inScale(int tonic, int pc) {
    int rel = Math.floorMod(pc - tonic, 12);
    for (int s : steps) {
      if (s == rel) {
        return true;
      }
    }
    return false;
  }

  /** Roman numeral of the diatonic triad on a degree 0..6. */
  public String numeral(int degree) {
    return numerals[Math.floorMod(degree, 7)];
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String chinese() {
    return chinese;
  }

  /** Name of a pitch class 0..11 (flats except F#), e.g. {@code "Bb"}. */
  public static String pitchClassName(int pc) {
    return PITCH_CLASSES[Math.floorMod(pc, 12)];
  }
}
