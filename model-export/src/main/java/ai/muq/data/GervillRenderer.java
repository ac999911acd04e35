package ai.muq.data;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.sound.midi.Instrument;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MetaMessage;
import javax.sound.midi.MidiEvent;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Patch;
import javax.sound.midi.Receiver;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.midi.Synthesizer;
import javax.sound.midi.Track;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;

/**
 * Renders General MIDI sequences offline with the JDK's Gervill software synthesizer and a
 * SoundFont, faster than real time and without any audio device.
 *
 * <p>Gervill's offline entry point ({@code AudioSynthesizer.openStream}) lives in the JDK-internal
 * package {@code com.sun.media.sound}; it is reached reflectively, so the JVM must run with
 * {@value #REQUIRED_JVM_OPTION} (the runnable jar's manifest carries {@code Add-Exports}).
 *
 * <p>Every render uses a fresh synthesizer, so no reverb tail or voice state leaks from one clip
 * into the next: the same sequence renders to the same samples on any thread. The soundbank is
 * shared read-only between threads.
 */
public final class GervillRenderer {

  /** The JVM option that opens Gervill's offline API to this class. */
  public static final String REQUIRED_JVM_OPTION =
      "--add-exports java.desktop/com.sun.media.sound=ALL-UNNAMED";

  /** Debian's GM SoundFonts, in the order they are preferred. */
  public static final List<Path> DEFAULT_SOUNDFONTS =
      List.of(
          Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2"),
          Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2"),
          Path.of("/usr/share/sounds/sf2/default-GM.sf2"));

  private static final String PACKAGE = "com.sun.media.sound.";

  private final Soundbank soundbank;
  private final int sampleRate;
  private final Constructor<?> synthesizerConstructor;
  private final Method openStream;
  private final Constructor<?> percussionPatch;

  /**
   * @param soundbank a GM soundbank (SF2 or DLS)
   * @param sampleRate output rate in Hz
   * @throws IllegalStateException when Gervill's offline API is not reachable
   */
  public GervillRenderer(Soundbank soundbank, int sampleRate) {
    this.soundbank = Objects.requireNonNull(soundbank);
    if (sampleRate < 8000 || sampleRate > 192000) {
      throw new IllegalArgumentException("sample rate out of 8000..192000: " + sampleRate);
    }
    this.sampleRate = sampleRate;
    try {
      synthesizerConstructor = Class.forName(PACKAGE + "SoftSynthesizer").getConstructor();
      openStream =
          Class.forName(PACKAGE + "AudioSynthesizer")
              .getMethod("openStream", AudioFormat.class, Map.class);
      percussionPatch =
          Class.forName(PACKAGE + "ModelPatch").getConstructor(int.class, int.class, boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("this JDK has no Gervill synthesizer (java.desktop)", e);
    }
    if (!Synthesizer.class.getModule().isExported("com.sun.media.sound", GervillRenderer.class.getModule())) {
      throw new IllegalStateException(
          "Gervill's offline renderer is not accessible: run the JVM with " + REQUIRED_JVM_OPTION);
    }
  }

  /** Loads a SoundFont (.sf2) or DLS file. */
  public static Soundbank loadSoundbank(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such SoundFont file");
    }
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
      return MidiSystem.getSoundbank(in);
    } catch (InvalidMidiDataException e) {
      throw new IOException("not a SoundFont/DLS soundbank: " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** The first of {@link #DEFAULT_SOUNDFONTS} that exists. */
  public static java.util.Optional<Path> findDefaultSoundfont() {
    return DEFAULT_SOUNDFONTS.stream().filter(Files::isRegularFile).findFirst();
  }

  public int sampleRate() {
    return sampleRate;
  }

  /**
   * Renders the first {@code seconds} of a sequence to mono float samples (full scale = 1.0; loud
   * mixes may exceed it, nothing is clipped).
   *
   * @param sequence a PPQ sequence with at most one tempo (the first tempo event is used)
   */
  public float[] render(Sequence sequence, double seconds) {
    return render(sequence, seconds, -1);
  }

  /**
   * Renders only one MIDI channel of a sequence (a stem). Gervill mixes linearly (automatic gain
   * control is off), so stems scaled and summed are the mix with those part levels.
   *
   * @param channel 0..15
   */
  public float[] renderChannel(Sequence sequence, double seconds, int channel) {
    if (channel < 0 || channel > 15) {
      throw new IllegalArgumentException("MIDI channel out of 0..15: " + channel);
    }
    return render(sequence, seconds, channel);
  }

  private float[] render(Sequence sequence, double seconds, int onlyChannel) {
    if (sequence.getDivisionType() != Sequence.PPQ) {
      throw new IllegalArgumentException("only PPQ sequences are supported");
    }
    int frames = (int) Math.round(seconds * sampleRate);
    List<MidiEvent> events = sortedEvents(sequence);
    if (onlyChannel >= 0) {
      events.removeIf(e -> e.getMessage() instanceof ShortMessage m && m.getChannel() != onlyChannel);
    }
    long usPerQuarter = tempo(events);
    long ppq = sequence.getResolution();

    AudioFormat format =
        new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, sampleRate, 32, 1, 4, sampleRate, false);
    Map<String, Object> info = new HashMap<>();
    info.put("load default soundbank", false); // the emergency bank is slow to build and unused
    info.put("auto gain control", false); // loudness is a label: measured, not squashed
    info.put("interpolation", "sinc");
    Synthesizer synth = newSynthesizer();
    try (AudioInputStream stream = (AudioInputStream) openStream.invoke(synth, format, info)) {
      loadInstruments(synth, events);
      Receiver receiver = synth.getReceiver();
      for (MidiEvent event : events) {
        MidiMessage message = event.getMessage();
        if (message instanceof MetaMessage) {
          continue;
        }
        receiver.send(message, event.getTick() * usPerQuarter / ppq);
      }
      byte[] bytes = stream.readNBytes(frames * 4);
      float[] samples = new float[frames];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples, 0, bytes.length / 4);
      return samples;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Gervill failed to open an offline stream", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("Gervill is not accessible: run the JVM with " + REQUIRED_JVM_OPTION, e);
    } catch (IOException | MidiUnavailableException e) {
      throw new IllegalStateException("Gervill failed to render", e);
    } finally {
      synth.close();
    }
  }

  private Synthesizer newSynthesizer() {
    try {
      return (Synthesizer) synthesizerConstructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create Gervill synthesizer", e);
    }
  }

  private static List<MidiEvent> sortedEvents(Sequence sequence) {
    List<MidiEvent> events = new ArrayList<>();
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        events.add(track.get(i));
      }
    }
    // Stable: events at one tick keep track order, so program changes precede their notes.
    events.sort(Comparator.comparingLong(MidiEvent::getTick));
    return events;
  }

  private static long tempo(List<MidiEvent> events) {
    for (MidiEvent e : events) {
      if (e.getMessage() instanceof MetaMessage m && m.getType() == 0x51 && m.getData().length == 3) {
        byte[] d = m.getData();
        return ((d[0] & 0xFF) << 16) | ((d[1] & 0xFF) << 8) | (d[2] & 0xFF);
      }
    }
    return 500_000; // MIDI default: 120 BPM
  }

  /** Loads only the programs the sequence selects: far cheaper than the whole bank per clip. */
  private void loadInstruments(Synthesizer synth, List<MidiEvent> events) {
    Set<Patch> patches = new LinkedHashSet<>();
    for (MidiEvent e : events) {
      if (e.getMessage() instanceof ShortMessage m && m.getCommand() == ShortMessage.PROGRAM_CHANGE) {
        patches.add(m.getChannel() == 9 ? percussion(m.getData1()) : new Patch(0, m.getData1()));
      }
    }
    for (Patch patch : patches) {
      Instrument instrument = soundbank.getInstrument(patch);
      boolean drums = !(patch.getClass() == Patch.class);
      if (instrument == null && drums) {
        instrument = soundbank.getInstrument(percussion(0)); // any kit beats silence
      }
      if (instrument == null) {
        throw new IllegalStateException(
            "soundbank has no " + (drums ? "drum kit " : "GM program ") + patch.getProgram());
      }
      synth.loadInstrument(instrument);
    }
  }

  /** The patch of a drum kit (Gervill marks percussion patches with its own Patch subclass). */
  Patch percussion(int program) {
    try {
      return (Patch) percussionPatch.newInstance(0, program, true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
