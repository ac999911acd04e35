package ai.muq.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;

/**
 * Writes short procedurally composed pieces as General MIDI: a diatonic chord progression, a
 * melody that lands on chord tones on strong beats, an accompaniment and a bass line in the
 * style's patterns, and drums on channel 10. Everything is drawn from one seed, so the same seed
 * gives the same piece.
 */
public final class Composer {

  /** Ticks per quarter note of every sequence written. */
  public static final int PPQ = 480;

  static final int LEAD = 0;
  static final int CHORDS = 1;
  static final int BASS = 2;
  static final int DRUMS = 9;

  private static final int BAR = 4 * PPQ;
  private static final int SIXTEENTH = PPQ / 4;

  private static final List<List<Integer>> MAJOR_PROGRESSIONS =
      List.of(
          List.of(0, 4, 5, 3), List.of(0, 3, 4, 3), List.of(0, 5, 3, 4),
          List.of(0, 3, 0, 4), List.of(0, 5, 1, 4), List.of(3, 4, 0, 0));
  private static final List<List<Integer>> MINOR_PROGRESSIONS =
      List.of(
          List.of(0, 5, 2, 6), List.of(0, 3, 4, 0), List.of(0, 6, 5, 6),
          List.of(0, 3, 6, 2), List.of(0, 5, 3, 4), List.of(0, 3, 0, 4));
  private static final List<List<Integer>> JAZZ_PROGRESSIONS =
      List.of(List.of(1, 4, 0, 0), List.of(0, 5, 1, 4), List.of(2, 5, 1, 4));

  /** Composes a piece of a style drawn from the seed. */
  public Composition compose(long seed, double seconds) {
    SplittableRandom rng = new SplittableRandom(seed);
    MusicStyle[] styles = MusicStyle.values();
    return compose(styles[rng.nextInt(styles.length)], rng, seconds);
  }

  /** Composes a piece of the given style. */
  public Composition compose(MusicStyle style, long seed, double seconds) {
    return compose(style, new SplittableRandom(seed), seconds);
  }

  private Composition compose(MusicStyle style, SplittableRandom rng, double seconds) {
    if (!(seconds > 0 && seconds <= 600)) {
      throw new IllegalArgumentException("seconds must be in (0, 600]: " + seconds);
    }
    int bpm = style.minBpm + rng.nextInt(style.maxBpm - style.minBpm + 1);
    Mode mode = rng.nextDouble() < style.majorProbability ? Mode.MAJOR : Mode.MINOR;
    int tonic = rng.nextInt(12);
    GmInstrument lead = pick(rng, style.leads);
    List<GmInstrument> accompanists =
        style.accompaniments.stream().filter(i -> i.program() != lead.program()).toList();
    GmInstrument accompaniment = pick(rng, accompanists);
    Optional<GmInstrument> bass =
        rng.nextDouble() < style.bassProbability
            ? Optional.of(pick(rng, style.basses))
            : Optional.empty();
    Optional<Integer> drumKit =
        style.groove != MusicStyle.DrumGroove.NONE && rng.nextDouble() < style.drumProbability
            ? Optional.of(style.drumKits[rng.nextInt(style.drumKits.length)])
            : Optional.empty();
    List<List<Integer>> progressions =
        style == MusicStyle.JAZZ
            ? JAZZ_PROGRESSIONS
            : mode == Mode.MAJOR ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS;
    List<Integer> progression = pick(rng, progressions);

    long totalTicks = (long) Math.ceil(seconds * bpm / 60.0 * PPQ);
    int bars = (int) ((totalTicks + BAR - 1) / BAR);
    try {
      Sequence sequence = new Sequence(Sequence.PPQ, PPQ);
      Writer w = new Writer(sequence.createTrack(), totalTicks, style.swing);
      w.tempo(bpm);
      int reverb = style == MusicStyle.AMBIENT ? 100 : style == MusicStyle.CLASSICAL ? 70 : 40;
      w.setup(LEAD, lead.program(), 110, 64, reverb);
      w.setup(CHORDS, accompaniment.program(), 100, 40, reverb);
      bass.ifPresent(b -> w.setup(BASS, b.program(), 96, 64, reverb / 2));
      drumKit.ifPresent(kit -> w.setup(DRUMS, kit, 92, 64, reverb / 2));

      Harmony h = new Harmony(tonic, mode, progression, style.sevenths);
      writeMelody(w, rng, style, h, lead, bars);
      writeAccompaniment(w, rng, style, h, accompaniment, bars);
      if (bass.isPresent()) {
        writeBass(w, rng, style, h, bass.get(), bars);
      }
      if (drumKit.isPresent()) {
        writeDrums(w, rng, style.groove, bars);
      }
      return new Composition(
          sequence, style, tonic, mode, bpm, lead, accompaniment, bass, drumKit, progression,
          seconds);
    } catch (InvalidMidiDataException e) {
      throw new IllegalStateException("composer wrote an invalid MIDI message", e);
    }
  }

  private static <T> T pick(SplittableRandom rng, List<T> options) {
    return options.get(rng.nextInt(options.size()));
  }

  /** The chord of each bar, as scale degrees. */
  private record Harmony(int tonic, Mode mode, List<Integer> progression, boolean sevenths) {
    int root(int bar) {
      return progression.get(bar % progression.size());
    }

    int[] chordDegrees(int bar) {
      int r = root(bar);
      return sevenths ? new int[] {r, r + 2, r + 4, r + 6} : new int[] {r, r + 2, r + 4};
    }

    /** MIDI pitch of a scale degree counted from the tonic in the octave starting at base. */
    int pitch(int base, int degree) {
      return base + mode.semitones(degree);
    }

    /** The tonic's MIDI pitch at or just below {@code near}. */
    int tonicAtOrBelow(int near) {
      return near - Math.floorMod(near - tonic, 12);
    }
  }

  private void writeMelody(
      Writer w, SplittableRandom rng, MusicStyle style, Harmony h, GmInstrument lead, int bars)
      throws InvalidMidiDataException {
    int center = (lead.low() + lead.high()) / 2;
    int base = h.tonicAtOrBelow(center);
    int lowDeg = -7;
    while (h.pitch(base, lowDeg) < Math.max(lead.low(), center - 10)) {
      lowDeg++;
    }
    int highDeg = 14;
    while (h.pitch(base, highDeg) > Math.min(lead.high(), center + 10)) {
      highDeg--;
    }
    int deg = h.root(0) + (h.pitch(base, h.root(0)) < center ? 7 : 0);
    deg = Math.clamp(deg, lowDeg, highDeg);
    for (int bar = 0; bar < bars; bar++) {
      int[] chord = h.chordDegrees(bar);
      int pos = 0;
      while (pos < 16) {
        int len = Math.min(style.melodySixteenths[rng.nextInt(style.melodySixteenths.length)], 16 - pos);
        if (pos > 0 && rng.nextDouble() < 0.1) {
          pos += len;
          continue;
        }
        if (pos % 4 == 0) {
          deg = nearestChordTone(rng, deg, chord);
        } else {
          int[] steps = {-2, -1, -1, 1, 1, 2};
          deg += steps[rng.nextInt(steps.length)];
        }
        if (deg < lowDeg) {
          deg = lowDeg + (lowDeg - deg);
        } else if (deg > highDeg) {
          deg = highDeg - (deg - highDeg);
        }
        deg = Math.clamp(deg, lowDeg, highDeg);
        long start = (long) bar * BAR + (long) pos * SIXTEENTH;
        w.note(LEAD, h.pitch(base, deg), 90 + rng.nextInt(20), start, len * SIXTEENTH * 9 / 10);
        pos += len;
      }
    }
  }

  private static int nearestChordTone(SplittableRandom rng, int deg, int[] chord) {
    List<Integer> candidates = new ArrayList<>();
    for (int d = deg - 3; d <= deg + 3; d++) {
      for (int c : chord) {
        if (Math.floorMod(d - c, 7) == 0) {
          candidates.add(d);
        }
      }
    }
    candidates.sort((a, b) -> Integer.compare(Math.abs(a - deg), Math.abs(b - deg)));
    // Mostly the closest chord tone, sometimes the next: smooth but not mechanical.
    int i = candidates.size() > 1 && rng.nextDouble() < 0.3 ? 1 : 0;
    return candidates.isEmpty() ? deg : candidates.get(i);
  }

  private void writeAccompaniment(
      Writer w, SplittableRandom rng, MusicStyle style, Harmony h, GmInstrument inst, int bars)
      throws InvalidMidiDataException {
    int base = h.tonicAtOrBelow(Math.max(inst.low(), 48) + 11);
    for (int bar = 0; bar < bars; bar++) {
      int[] chord = h.chordDegrees(bar);
      int[] pitches = new int[chord.length];
      for (int i = 0; i < chord.length; i++) {
        pitches[i] = h.pitch(base, chord[i]);
      }
      long t0 = (long) bar * BAR;
      switch (style.accompaniment) {
        case SUSTAINED -> {
          for (int p : pitches) {
            w.note(CHORDS, p, 68 + rng.nextInt(10), t0, BAR - 20);
          }
        }
        case ARPEGGIO -> {
          int[] order = {0, 1, 2, 3, 2, 1, 2, 1};
          for (int e = 0; e < 8; e++) {
            int idx = order[e];
            int p = idx < pitches.length ? pitches[idx] : pitches[0] + 12;
            if (idx == 3 && pitches.length == 3) {
              p = pitches[0] + 12;
            }
            w.note(CHORDS, p, 68 + rng.nextInt(12), t0 + e * (PPQ / 2), PPQ);
          }
        }
        case COMPING -> {
          int[][] rhythms = {{0, 5}, {2, 7}, {1, 4}, {0, 3, 6}};
          for (int eighth : rhythms[rng.nextInt(rhythms.length)]) {
            for (int p : pitches) {
              w.note(CHORDS, p, 72 + rng.nextInt(12), t0 + eighth * (PPQ / 2), PPQ * 3 / 4);
            }
          }
        }
        case POWER_CHORDS -> {
          int root = h.tonicAtOrBelow(52) + h.mode().semitones(chord[0]) % 12;
          if (root > 52) {
            root -= 12;
          }
          for (int e = 0; e < 8; e++) {
            int vel = (e % 2 == 0 ? 80 : 68) + rng.nextInt(8);
            for (int p : new int[] {root, root + 7, root + 12}) {
              w.note(CHORDS, p, vel, t0 + e * (PPQ / 2), PPQ / 2 - 30);
            }
          }
        }
      }
    }
  }

  private void writeBass(
      Writer w, SplittableRandom rng, MusicStyle style, Harmony h, GmInstrument inst, int bars)
      throws InvalidMidiDataException {
    int base = h.tonicAtOrBelow(Math.max(inst.low(), 33) + 11);
    for (int bar = 0; bar < bars; bar++) {
      int rootDeg = h.root(bar);
      int root = h.pitch(base, rootDeg);
      if (root > base + 11) {
        root -= 12;
      }
      int shift = root - h.pitch(base, rootDeg);
      int fifth = h.pitch(base, rootDeg + 4) + shift;
      long t0 = (long) bar * BAR;
      switch (style.bassLine) {
        case ROOT_EIGHTHS -> {
          for (int e = 0; e < 8; e++) {
            w.note(BASS, root, 85 + rng.nextInt(12), t0 + e * (PPQ / 2), PPQ / 2 - 20);
          }
        }
        case WALKING -> {
          int next = h.root(bar + 1);
          int approach = next + (rng.nextBoolean() ? 1 : -1);
          int[] degrees = {rootDeg, rootDeg + (rng.nextBoolean() ? 2 : 1), rootDeg + 4, approach};
          for (int beat = 0; beat < 4; beat++) {
            int p = h.pitch(base, degrees[beat]) + shift;
            w.note(BASS, p, 82 + rng.nextInt(12), t0 + beat * PPQ, PPQ - 40);
          }
        }
        case HALF_ROOTS -> {
          w.note(BASS, root, 80 + rng.nextInt(10), t0, 2 * PPQ - 40);
          w.note(BASS, rng.nextBoolean() ? root : fifth, 75 + rng.nextInt(10), t0 + 2 * PPQ, 2 * PPQ - 40);
        }
        case OFFBEAT -> {
          for (int e = 1; e < 8; e += 2) {
            int p = e == 7 && rng.nextBoolean() ? root + 12 : root;
            w.note(BASS, p, 90 + rng.nextInt(10), t0 + e * (PPQ / 2), PPQ / 2 - 40);
          }
        }
        case ROOT_FIFTH -> {
          w.note(BASS, root, 85 + rng.nextInt(10), t0, 2 * PPQ - 60);
          w.note(BASS, fifth, 80 + rng.nextInt(10), t0 + 2 * PPQ, 2 * PPQ - 60);
        }
        case WHOLE_ROOTS -> w.note(BASS, root, 70 + rng.nextInt(10), t0, BAR - 40);
      }
    }
  }

  // GM percussion key numbers.
  private static final int KICK = 36;
  private static final int SIDE_STICK = 37;
  private static final int SNARE = 38;
  private static final int CLAP = 39;
  private static final int CLOSED_HAT = 42;
  private static final int PEDAL_HAT = 44;
  private static final int OPEN_HAT = 46;
  private static final int CRASH = 49;
  private static final int RIDE = 51;
  private static final int TAMBOURINE = 54;
  private static final int SHAKER = 70;

  private void writeDrums(Writer w, SplittableRandom rng, MusicStyle.DrumGroove groove, int bars)
      throws InvalidMidiDataException {
    int e8 = PPQ / 2;
    for (int bar = 0; bar < bars; bar++) {
      long t0 = (long) bar * BAR;
      switch (groove) {
        case ROCK -> {
          if (bar % 4 == 0) {
            w.hit(CRASH, 100, t0);
          }
          w.hit(KICK, 105, t0);
          w.hit(KICK, 100, t0 + 4 * e8);
          if (rng.nextBoolean()) {
            w.hit(KICK, 90, t0 + 5 * e8);
          }
          w.hit(SNARE, 100, t0 + 2 * e8);
          if (bar % 4 == 3) {
            for (int s = 12; s < 16; s++) {
              w.hit(SNARE, 80 + 5 * (s - 12), t0 + (long) s * SIXTEENTH);
            }
          } else {
            w.hit(SNARE, 100, t0 + 6 * e8);
          }
          for (int e = 0; e < 8; e++) {
            w.hit(CLOSED_HAT, 60 + rng.nextInt(15), t0 + e * e8);
          }
        }
        case SWING -> {
          for (int beat = 0; beat < 4; beat++) {
            w.hit(RIDE, 85 + rng.nextInt(15), t0 + beat * PPQ);
          }
          w.hit(RIDE, 75, t0 + 3 * e8);
          w.hit(RIDE, 75, t0 + 7 * e8);
          w.hit(PEDAL_HAT, 60, t0 + PPQ);
          w.hit(PEDAL_HAT, 60, t0 + 3 * PPQ);
          w.hit(KICK, 50, t0);
        }
        case FOUR_ON_THE_FLOOR -> {
          for (int beat = 0; beat < 4; beat++) {
            w.hit(KICK, 110, t0 + beat * PPQ);
            w.hit(OPEN_HAT, 65 + rng.nextInt(10), t0 + beat * PPQ + e8);
          }
          w.hit(CLAP, 95, t0 + PPQ);
          w.hit(CLAP, 95, t0 + 3 * PPQ);
          for (int s = 1; s < 16; s += 2) {
            w.hit(CLOSED_HAT, 40 + rng.nextInt(15), t0 + (long) s * SIXTEENTH);
          }
        }
        case FOLK -> {
          w.hit(KICK, 85, t0);
          w.hit(KICK, 80, t0 + 2 * PPQ);
          w.hit(SIDE_STICK, 75, t0 + PPQ);
          w.hit(SIDE_STICK, 75, t0 + 3 * PPQ);
          for (int e = 0; e < 8; e++) {
            w.hit(TAMBOURINE, 45 + rng.nextInt(15), t0 + e * e8);
          }
        }
        case SHAKER -> {
          if (bar % 2 == 0) {
            w.hit(KICK, 85, t0);
          }
          for (int e = 0; e < 8; e++) {
            w.hit(SHAKER, 75 + rng.nextInt(15), t0 + e * e8);
          }
        }
        case NONE -> throw new IllegalStateException("drums requested for a style without a groove");
      }
    }
  }

  /** Appends events to the track, dropping notes that would start after the clip ends. */
  private static final class Writer {
    private final Track track;
    private final long endTick;
    private final boolean swing;

    Writer(Track track, long endTick, boolean swing) {
      this.track = track;
      this.endTick = endTick;
      this.swing = swing;
    }

    void tempo(int bpm) throws InvalidMidiDataException {
      int usPerQuarter = (int) Math.round(60_000_000.0 / bpm);
      byte[] data = {(byte) (usPerQuarter >> 16), (byte) (usPerQuarter >> 8), (byte) usPerQuarter};
      track.add(new MidiEvent(new MetaMessage(0x51, data, 3), 0));
    }

    void setup(int channel, int program, int volume, int pan, int reverb) {
      try {
        track.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, channel, program, 0), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, 7, volume), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, 10, pan), 0));
        track.add(new MidiEvent(new ShortMessage(ShortMessage.CONTROL_CHANGE, channel, 91, reverb), 0));
      } catch (InvalidMidiDataException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Swing moves every off-beat eighth to the last third of its beat. */
    private long place(long tick) {
      if (!swing) {
        return tick;
      }
      long inBeat = tick % PPQ;
      return inBeat == PPQ / 2 ? tick - inBeat + PPQ * 2 / 3 : tick;
    }

    void note(int channel, int pitch, int velocity, long start, long duration)
        throws InvalidMidiDataException {
      long on = place(start);
      if (on >= endTick) {
        return;
      }
      long off = Math.max(on + 1, place(start + duration));
      track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, channel, pitch, velocity), on));
      track.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, channel, pitch, 0), off));
    }

    void hit(int key, int velocity, long start) throws InvalidMidiDataException {
      note(DRUMS, key, velocity, start, SIXTEENTH);
    }
  }
}
