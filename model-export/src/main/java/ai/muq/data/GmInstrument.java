package ai.muq.data;

import java.util.Arrays;
import java.util.List;

/**
 * The General MIDI melodic programs the composer uses, with the simplified name that becomes the
 * label, its family and a comfortable playing range.
 *
 * @param program GM program number, 0-based (0 = Acoustic Grand Piano)
 * @param gmName the GM name of the program
 * @param label simplified instrument name used in labels and captions, e.g. {@code "saxophone"}
 * @param chinese Chinese name used in captions
 * @param family instrument family
 * @param low lowest MIDI note the composer writes for it
 * @param high highest MIDI note the composer writes for it
 */
public record GmInstrument(
    int program,
    String gmName,
    String label,
    String chinese,
    InstrumentFamily family,
    int low,
    int high) {

  public GmInstrument {
    if (program < 0 || program > 127) {
      throw new IllegalArgumentException("GM program out of 0..127: " + program);
    }
    if (low < 0 || high > 127 || low + 12 > high) {
      throw new IllegalArgumentException("range must span at least an octave inside 0..127");
    }
  }

  public static final GmInstrument PIANO =
      new GmInstrument(0, "Acoustic Grand Piano", "piano", "钢琴", InstrumentFamily.PIANO, 48, 86);
  public static final GmInstrument ELECTRIC_PIANO =
      new GmInstrument(4, "Electric Piano 1", "electric piano", "电钢琴", InstrumentFamily.PIANO, 48, 84);
  public static final GmInstrument VIBRAPHONE =
      new GmInstrument(11, "Vibraphone", "vibraphone", "颤音琴", InstrumentFamily.MALLETS, 53, 89);
  public static final GmInstrument ORGAN =
      new GmInstrument(16, "Drawbar Organ", "organ", "风琴", InstrumentFamily.ORGAN, 48, 84);
  public static final GmInstrument CHURCH_ORGAN =
      new GmInstrument(19, "Church Organ", "organ", "管风琴", InstrumentFamily.ORGAN, 43, 84);
  public static final GmInstrument NYLON_GUITAR =
      new GmInstrument(24, "Acoustic Guitar (nylon)", "acoustic guitar", "木吉他", InstrumentFamily.GUITAR, 48, 81);
  public static final GmInstrument STEEL_GUITAR =
      new GmInstrument(25, "Acoustic Guitar (steel)", "acoustic guitar", "木吉他", InstrumentFamily.GUITAR, 48, 81);
  public static final GmInstrument JAZZ_GUITAR =
      new GmInstrument(26, "Electric Guitar (jazz)", "electric guitar", "电吉他", InstrumentFamily.GUITAR, 48, 81);
  public static final GmInstrument CLEAN_GUITAR =
      new GmInstrument(27, "Electric Guitar (clean)", "electric guitar", "电吉他", InstrumentFamily.GUITAR, 48, 81);
  public static final GmInstrument OVERDRIVEN_GUITAR =
      new GmInstrument(29, "Overdriven Guitar", "electric guitar", "电吉他", InstrumentFamily.GUITAR, 48, 81);
  public static final GmInstrument DISTORTION_GUITAR =
      new GmInstrument(30, "Distortion Guitar", "electric guitar", "电吉他", InstrumentFamily.GUITAR, 45, 79);
  public static final GmInstrument ACOUSTIC_BASS =
      new GmInstrument(32, "Acoustic Bass", "acoustic bass", "原声贝斯", InstrumentFamily.BASS, 28, 55);
  public static final GmInstrument FINGERED_BASS =
      new GmInstrument(33, "Electric Bass (finger)", "electric bass", "电贝斯", InstrumentFamily.BASS, 28, 55);
  public static final GmInstrument PICKED_BASS =
      new GmInstrument(34, "Electric Bass (pick)", "electric bass", "电贝斯", InstrumentFamily.BASS, 28, 55);
  public static final GmInstrument SYNTH_BASS =
      new GmInstrument(38, "Synth Bass 1", "synth bass", "合成器贝斯", InstrumentFamily.BASS, 28, 55);
  public static final GmInstrument SYNTH_BASS_2 =
      new GmInstrument(39, "Synth Bass 2", "synth bass", "合成器贝斯", InstrumentFamily.BASS, 28, 55);
  public static final GmInstrument VIOLIN =
      new GmInstrument(40, "Violin", "violin", "小提琴", InstrumentFamily.STRINGS, 60, 93);
  public static final GmInstrument CELLO =
      new GmInstrument(42, "Cello", "cello", "大提琴", InstrumentFamily.STRINGS, 36, 72);
  public static final GmInstrument CONTRABASS =
      new GmInstrument(43, "Contrabass", "contrabass", "低音提琴", InstrumentFamily.STRINGS, 28, 55);
  public static final GmInstrument HARP =
      new GmInstrument(46, "Orchestral Harp", "harp", "竖琴", InstrumentFamily.STRINGS, 43, 88);
  public static final GmInstrument STRING_ENSEMBLE =
      new GmInstrument(48, "String Ensemble 1", "strings", "弦乐合奏", InstrumentFamily.STRINGS, 43, 84);
  public static final GmInstrument TRUMPET =
      new GmInstrument(56, "Trumpet", "trumpet", "小号", InstrumentFamily.BRASS, 58, 82);
  public static final GmInstrument FRENCH_HORN =
      new GmInstrument(60, "French Horn", "french horn", "圆号", InstrumentFamily.BRASS, 45, 72);
  public static final GmInstrument ALTO_SAX =
      new GmInstrument(65, "Alto Sax", "saxophone", "萨克斯", InstrumentFamily.WOODWIND, 55, 81);
  public static final GmInstrument TENOR_SAX =
      new GmInstrument(66, "Tenor Sax", "saxophone", "萨克斯", InstrumentFamily.WOODWIND, 48, 75);
  public static final GmInstrument OBOE =
      new GmInstrument(68, "Oboe", "oboe", "双簧管", InstrumentFamily.WOODWIND, 60, 88);
  public static final GmInstrument CLARINET =
      new GmInstrument(71, "Clarinet", "clarinet", "单簧管", InstrumentFamily.WOODWIND, 52, 86);
  public static final GmInstrument FLUTE =
      new GmInstrument(73, "Flute", "flute", "长笛", InstrumentFamily.WOODWIND, 62, 93);
  public static final GmInstrument PAN_FLUTE =
      new GmInstrument(75, "Pan Flute", "pan flute", "排箫", InstrumentFamily.WOODWIND, 62, 91);
  public static final GmInstrument SQUARE_LEAD =
      new GmInstrument(80, "Lead 1 (square)", "synth lead", "合成器主音", InstrumentFamily.SYNTH, 57, 86);
  public static final GmInstrument SAW_LEAD =
      new GmInstrument(81, "Lead 2 (sawtooth)", "synth lead", "合成器主音", InstrumentFamily.SYNTH, 57, 86);
  public static final GmInstrument NEW_AGE_PAD =
      new GmInstrument(88, "Pad 1 (new age)", "synth pad", "合成器铺底", InstrumentFamily.SYNTH, 48, 84);
  public static final GmInstrument WARM_PAD =
      new GmInstrument(89, "Pad 2 (warm)", "synth pad", "合成器铺底", InstrumentFamily.SYNTH, 48, 84);
  public static final GmInstrument POLYSYNTH_PAD =
      new GmInstrument(90, "Pad 3 (polysynth)", "synth pad", "合成器铺底", InstrumentFamily.SYNTH, 48, 84);
  public static final GmInstrument BANJO =
      new GmInstrument(105, "Banjo", "banjo", "班卓琴", InstrumentFamily.GUITAR, 55, 84);

  /** Every instrument above, for look-up by program. */
  public static final List<GmInstrument> ALL =
      List.of(
          PIANO, ELECTRIC_PIANO, VIBRAPHONE, ORGAN, CHURCH_ORGAN, NYLON_GUITAR, STEEL_GUITAR,
          JAZZ_GUITAR, CLEAN_GUITAR, OVERDRIVEN_GUITAR, DISTORTION_GUITAR, ACOUSTIC_BASS,
          FINGERED_BASS, PICKED_BASS, SYNTH_BASS, SYNTH_BASS_2, VIOLIN, CELLO, CONTRABASS, HARP,
          STRING_ENSEMBLE, TRUMPET, FRENCH_HORN, ALTO_SAX, TENOR_SAX, OBOE, CLARINET, FLUTE,
          PAN_FLUTE, SQUARE_LEAD, SAW_LEAD, NEW_AGE_PAD, WARM_PAD, POLYSYNTH_PAD, BANJO);

  /** The instrument of a GM program the composer knows. */
  public static GmInstrument ofProgram(int program) {
    return ALL.stream()
        .filter(i -> i.program() == program)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "GM program " + program + " is not one of " + Arrays.toString(programs())));
  }

  private static int[] programs() {
    return ALL.stream().mapToInt(GmInstrument::program).toArray();
  }
}
