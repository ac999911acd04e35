package ai.muq.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.junit.jupiter.api.Test;

class GervillRendererTest {

  @Test
  void notesSoundWhenTheSequenceSaysAndRendersRepeatably() throws Exception {
    // One piano A4 at beat 2 of a 60 BPM sequence: silence for 1 s, then sound.
    Sequence seq = new Sequence(Sequence.PPQ, 480);
    Track t = seq.createTrack();
    t.add(new MidiEvent(new MetaMessage(0x51, new byte[] {0x0F, 0x42, 0x40}, 3), 0)); // 1e6 us
    t.add(new MidiEvent(new ShortMessage(ShortMessage.PROGRAM_CHANGE, 0, 0, 0), 0));
    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_ON, 0, 69, 110), 480));
    t.add(new MidiEvent(new ShortMessage(ShortMessage.NOTE_OFF, 0, 69, 0), 960));
    GervillRenderer renderer = new GervillRenderer(SoundfontAvailable.soundbank(), 24000);

    float[] audio = renderer.render(seq, 2.0);

    assertThat(audio).hasSize(48000);
    float[] before = java.util.Arrays.copyOfRange(audio, 0, 23500);
    float[] after = java.util.Arrays.copyOfRange(audio, 24000, 36000);
    assertThat(Loudness.peakDbfs(before)).isLessThanOrEqualTo(-60);
    assertThat(Loudness.rmsDbfs(after)).isGreaterThan(-40);
    // The sound is an A4: its autocorrelation peaks at the 440 Hz period (54.5 samples).
    assertThat(24000.0 / period(after, 30, 120)).isCloseTo(440, within(12.0));
    assertThat(renderer.render(seq, 2.0)).containsExactly(audio);
  }

  @Test
  void theDefaultSoundfontHasEveryProgramAndKitTheComposerUses() throws Exception {
    javax.sound.midi.Soundbank bank = SoundfontAvailable.soundbank();
    GervillRenderer renderer = new GervillRenderer(bank, 24000);
    for (GmInstrument instrument : GmInstrument.ALL) {
      assertThat(bank.getInstrument(new javax.sound.midi.Patch(0, instrument.program())))
          .as(instrument.gmName())
          .isNotNull();
    }
    for (MusicStyle style : MusicStyle.values()) {
      for (int kit : style.drumKits) {
        assertThat(bank.getInstrument(renderer.percussion(kit))).as("drum kit %d", kit).isNotNull();
      }
    }
  }

  @Test
  void everyWrittenPartSoundsInItsStemAndNoOtherChannelSounds() throws Exception {
    GervillRenderer renderer = new GervillRenderer(SoundfontAvailable.soundbank(), 24000);
    Composer composer = new Composer();
    for (MusicStyle style : MusicStyle.values()) {
      Composition c = composer.compose(style, 3, 2.0);
      String what = style + " " + c.instruments();
      assertThat(stemLoudness(renderer, c, Composer.LEAD)).as(what).isGreaterThan(-45);
      assertThat(stemLoudness(renderer, c, Composer.CHORDS)).as(what).isGreaterThan(-45);
      if (c.bass().isPresent()) {
        assertThat(stemLoudness(renderer, c, Composer.BASS)).as(what).isGreaterThan(-45);
      } else {
        assertThat(stemLoudness(renderer, c, Composer.BASS)).as(what).isEqualTo(Loudness.FLOOR_DB);
      }
      if (c.hasDrums()) {
        assertThat(stemLoudness(renderer, c, Composer.DRUMS)).as(what).isGreaterThan(-45);
      } else {
        assertThat(stemLoudness(renderer, c, Composer.DRUMS)).as(what).isEqualTo(Loudness.FLOOR_DB);
      }
      assertThat(stemLoudness(renderer, c, 5)).isEqualTo(Loudness.FLOOR_DB);
    }
  }

  private static double stemLoudness(GervillRenderer renderer, Composition c, int channel) {
    return Loudness.integratedLufs(renderer.renderChannel(c.sequence(), 2.0, channel), 24000);
  }

  private static int period(float[] x, int minLag, int maxLag) {
    int best = minLag;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = minLag; lag <= maxLag; lag++) {
      double s = 0;
      for (int i = 0; i + lag < x.length; i++) {
        s += x[i] * x[i + lag];
      }
      if (s > bestScore) {
        bestScore = s;
        best = lag;
      }
    }
    return best;
  }
}
