package ai.muq.data;

import java.util.Locale;

/** Instrument families used as ground-truth labels and zero-shot tags (lower-case English words). */
public enum InstrumentFamily {
  PIANO("钢琴"),
  ORGAN("风琴"),
  GUITAR("吉他"),
  BASS("贝斯"),
  STRINGS("弦乐"),
  BRASS("铜管"),
  WOODWIND("木管"),
  SYNTH("合成器"),
  MALLETS("槌击乐器"),
  DRUMS("鼓");

  private final String chinese;

  InstrumentFamily(String chinese) {
    this.chinese = chinese;
  }

  /** The label word, e.g. {@code "woodwind"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Chinese word used in captions. */
  public String chinese() {
    return chinese;
  }
}
