package ai.muq.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;

class ComposerTest {

  private final Composer composer = new Composer();

  @Test
  void sameSeedWritesTheSameMidi() throws IOException {
    for (long seed = 0; seed < 10; seed++) {
      assertThat(midiBytes(composer.compose(seed, 4).sequence()))
          .isEqualTo(midiBytes(composer.compose(seed, 4).sequence()));
    }
    assertThat(midiBytes(composer.compose(1, 4).sequence()))
        .isNotEqualTo(midiBytes(composer.compose(2, 4).sequence()));
  }

  @Test
  void labelsDescribeWhatWasWritten() {
    int withDrums = 0;
    int withoutDrums = 0;
    for (MusicStyle style : MusicStyle.values()) {
      for (long seed = 0; seed < 25; seed++) {
        Composition c = composer.compose(style, seed * 31 + style.ordinal(), 6);
        Written w = inspect(c.sequence());

        assertThat(c.style()).isEqualTo(style);
        assertThat(c.bpm()).isBetween(style.minBpm(), style.maxBpm());
        assertThat(w.usPerQuarter).isEqualTo(Math.round(60_000_000.0 / c.bpm()));
        assertThat(c.tempoBucket())
            .isEqualTo(c.bpm() < 90 ? "slow" : c.bpm() < 125 ? "medium" : "fast");
        // Every pitched note is in the labelled key and mode.
        for (int pc : w.pitchClasses) {
          assertThat(c.mode().inScale(c.tonic(), pc))
              .as("pitch class %d in %s %s", pc, c.key(), c.mode())
              .isTrue();
        }
        // The tonic chord is where the progression says: the bass or chords sound the tonic.
        assertThat(w.pitchClasses).contains(c.tonic());
        // The lead is the program on the melody channel and that channel has notes.
        assertThat(w.programs.get(Composer.LEAD)).isEqualTo(c.lead().program());
        assertThat(w.notesPerChannel.getOrDefault(Composer.LEAD, 0)).isPositive();
        assertThat(style.leads()).contains(c.lead());
        // Families = families of the programs that actually play notes, plus drums iff channel 10 plays.
        TreeSet<String> families = new TreeSet<>();
        for (int ch : new int[] {Composer.LEAD, Composer.CHORDS, Composer.BASS}) {
          if (w.notesPerChannel.getOrDefault(ch, 0) > 0) {
            families.add(GmInstrument.ofProgram(w.programs.get(ch)).family().label());
          }
        }
        boolean drumsWritten = w.notesPerChannel.getOrDefault(Composer.DRUMS, 0) > 0;
        if (drumsWritten) {
          families.add("drums");
          withDrums++;
        } else {
          withoutDrums++;
        }
        assertThat(c.hasDrums()).isEqualTo(drumsWritten);
        assertThat(c.families()).containsExactlyElementsOf(families);
        assertThat(c.bass().isPresent())
            .isEqualTo(w.notesPerChannel.getOrDefault(Composer.BASS, 0) > 0);
        // Nothing starts after the clip.
        assertThat(w.lastNoteOnTick)
            .isLessThan((long) Math.ceil(6 * c.bpm() / 60.0 * Composer.PPQ));
        assertThat(c.moods()).isNotEmpty();
      }
    }
    assertThat(withDrums).isPositive();
    assertThat(withoutDrums).isPositive();
  }

  @Test
  void moodFollowsModeAndTempo() {
    for (long seed = 0; seed < 200; seed++) {
      Composition c = composer.compose(seed, 2);
      if (c.mode() == Mode.MAJOR) {
        assertThat(c.moods()).doesNotContain("sad", "dark", "melancholic");
      } else {
        assertThat(c.moods()).doesNotContain("happy", "cheerful", "bright");
      }
      if (c.tempoBucket().equals("fast")) {
        assertThat(c.moods()).contains("energetic");
      }
    }
  }

  private record Written(
      long usPerQuarter,
      TreeSet<Integer> pitchClasses,
      Map<Integer, Integer> programs,
      Map<Integer, Integer> notesPerChannel,
      long lastNoteOnTick) {}

  private static Written inspect(Sequence sequence) {
    long tempo = -1;
    TreeSet<Integer> pcs = new TreeSet<>();
    Map<Integer, Integer> programs = new HashMap<>();
    Map<Integer, Integer> notes = new HashMap<>();
    long last = 0;
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        MidiEvent e = track.get(i);
        if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51) {
          byte[] d = m.getData();
          tempo = ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
        } else if (e.getMessage() instanceof ShortMessage s) {
          if (s.getCommand() == ShortMessage.PROGRAM_CHANGE) {
            programs.put(s.getChannel(), s.getData1());
          } else if (s.getCommand() == ShortMessage.NOTE_ON && s.getData2() > 0) {
            notes.merge(s.getChannel(), 1, Integer::sum);
            last = Math.max(last, e.getTick());
            if (s.getChannel() != Composer.DRUMS) {
              pcs.add(s.getData1() % 12);
            }
          }
        }
      }
    }
    return new Written(tempo, pcs, programs, notes, last);
  }

  private static byte[] midiBytes(Sequence s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    MidiSystem.write(s, 0, out);
    return out.toByteArray();
  }
}
