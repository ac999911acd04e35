package ai.muq.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * The compressed formats, each through a pure-Java decoder: FLAC (jFLAC), MP3 (JLayer) and Ogg
 * Vorbis (JOrbis). The libraries' own exceptions, including the runtime ones they throw on hostile
 * input, become {@link AudioException}s of kind CORRUPT.
 */
final class CompressedDecoders {

  private CompressedDecoders() {}

  // ---------------------------------------------------------------- FLAC

  static DecodedAudio decodeFlac(byte[] d, AudioLimits limits) throws AudioException {
    String format = "FLAC";
    try {
      FLACDecoder decoder = new FLACDecoder(new ByteArrayInputStream(withOnlyStreamInfo(d)));
      // jFLAC reports a damaged frame to its listeners and then retries, which on some damage
      // never ends; failing at the first report turns that into a clean refusal.
      decoder.addFrameListener(new FrameListener() {
        @Override
        public void processMetadata(Metadata metadata) {}

        @Override
        public void processFrame(Frame frame) {}

        @Override
        public void processError(String message) {
          throw new FlacFault(message);
        }
      });
      decoder.readMetadata();
      StreamInfo info = decoder.getStreamInfo();
      if (info == null) {
        throw AudioErrors.corrupt(format, "no STREAMINFO block");
      }
      int channels = info.getChannels();
      int rate = info.getSampleRate();
      int bits = info.getBitsPerSample();
      if (channels < 1 || rate < 1 || bits < 4 || bits > 32) {
        throw AudioErrors.corrupt(format, "invalid STREAMINFO");
      }
      long declared = info.getTotalSamples(); // 0 means unknown
      AudioErrors.checkDeclared(declared, rate, limits);
      // A header may lie about the length: never reserve more than the bytes could plausibly hold.
      int initial = (int) Math.min(declared > 0 ? declared : rate * 10L, Math.min(d.length * 16L, 1L << 28));
      PcmBuffer out = new PcmBuffer(channels, rate, limits, initial);
      float scale = (float) (1.0 / (1L << (bits - 1)));
      Frame frame;
      while ((frame = decoder.readNextFrame()) != null) {
        int n = frame.header.blockSize;
        if (frame.header.channels != channels) {
          throw AudioErrors.corrupt(format, "channel count changes mid-stream");
        }
        ChannelData[] data = decoder.getChannelData();
        int at = out.frames();
        out.ensure(n);
        for (int c = 0; c < channels; c++) {
          int[] samples = data[c].getOutput();
          float[] target = out.channel(c);
          for (int i = 0; i < n; i++) {
            target[at + i] = samples[i] * scale;
          }
        }
        out.advance(n);
      }
      if (decoder.getBadFrames() > 0) {
        throw AudioErrors.corrupt(format, decoder.getBadFrames() + " undecodable frames");
      }
      if (declared > 0 && out.frames() < declared) {
        throw AudioErrors.truncated(format);
      }
      if (out.frames() == 0) {
        throw AudioErrors.empty(format);
      }
      return out.toAudio();
    } catch (IOException | RuntimeException e) {
      throw AudioErrors.corrupt(format, oneLine(e));
    }
  }

  /**
   * The stream re-assembled as {@code fLaC}, STREAMINFO (marked last) and the audio frames. The
   * metadata blocks are walked and bounds-checked here; tags, pictures and seek tables are dropped
   * because nothing here needs them and jFLAC's parsers for them can loop forever on bad lengths.
   */
  static byte[] withOnlyStreamInfo(byte[] d) throws AudioException {
    String format = "FLAC";
    int p = FormatSniffer.skipId3v2(d) + 4;
    int streamInfo = -1;
    boolean last = false;
    while (!last) {
      if (p + 4 > d.length) {
        throw AudioErrors.truncated(format);
      }
      int header = d[p] & 0xFF;
      last = (header & 0x80) != 0;
      int type = header & 0x7F;
      int length = (d[p + 1] & 0xFF) << 16 | (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
      if (p + 4L + length > d.length) {
        throw AudioErrors.truncated(format);
      }
      if (type == 127) {
        throw AudioErrors.corrupt(format, "invalid metadata block type");
      }
      if (type == 0) {
        if (streamInfo >= 0 || length != 34) {
          throw AudioErrors.corrupt(format, "bad STREAMINFO block");
        }
        streamInfo = p + 4;
      }
      p += 4 + length;
    }
    if (streamInfo < 0) {
      throw AudioErrors.corrupt(format, "no STREAMINFO block");
    }
    byte[] out = new byte[4 + 4 + 34 + d.length - p];
    out[0] = 'f';
    out[1] = 'L';
    out[2] = 'a';
    out[3] = 'C';
    out[4] = (byte) 0x80; // last block, type STREAMINFO
    out[7] = 34;
    System.arraycopy(d, streamInfo, out, 8, 34);
    System.arraycopy(d, p, out, 42, d.length - p);
    return out;
  }

  /** Carries jFLAC's first error report out of its decoding loop. */
  private static final class FlacFault extends RuntimeException {
    FlacFault(String message) {
      super(message, null, false, false);
    }
  }

  // ---------------------------------------------------------------- MP3

  static DecodedAudio decodeMp3(byte[] d, AudioLimits limits) throws AudioException {
    String format = "MP3";
    Bitstream stream = new Bitstream(new ByteArrayInputStream(d));
    Decoder decoder = new Decoder();
    PcmBuffer out = null;
    try {
      Header header;
      while ((header = stream.readFrame()) != null) {
        SampleBuffer samples = (SampleBuffer) decoder.decodeFrame(header, stream);
        int channels = samples.getChannelCount();
        int rate = samples.getSampleFrequency();
        if (out == null) {
          out = new PcmBuffer(channels, rate, limits, rate * 10);
        } else if (rate != out.sampleRate()) {
          throw AudioErrors.corrupt(format, "sample rate changes mid-stream");
        }
        short[] interleaved = samples.getBuffer();
        int n = samples.getBufferLength() / channels;
        int at = out.frames();
        out.ensure(n);
        int outChannels = out.channelCount();
        for (int c = 0; c < outChannels; c++) {
          float[] target = out.channel(c);
          if (channels == outChannels) {
            for (int i = 0; i < n; i++) {
              target[at + i] = interleaved[i * channels + c] * (1f / 32768);
            }
          } else if (channels == 1) { // a mono frame inside a stereo stream
            for (int i = 0; i < n; i++) {
              target[at + i] = interleaved[i] * (1f / 32768);
            }
          } else { // a stereo frame inside a mono stream: average
            for (int i = 0; i < n; i++) {
              target[at + i] = (interleaved[2 * i] + interleaved[2 * i + 1]) * (0.5f / 32768);
            }
          }
        }
        out.advance(n);
        stream.closeFrame();
      }
    } catch (BitstreamException | DecoderException | RuntimeException e) {
      throw AudioErrors.corrupt(format, oneLine(e));
    } finally {
      try {
        stream.close();
      } catch (BitstreamException ignored) {
        // A byte array stream has nothing to release.
      }
    }
    if (out == null) {
      throw AudioErrors.corrupt(format, "no MPEG audio frames");
    }
    return out.toAudio();
  }

  // ---------------------------------------------------------------- Ogg Vorbis

  static DecodedAudio decodeVorbis(byte[] d, AudioLimits limits) throws AudioException {
    String format = "Ogg Vorbis";
    try {
      SyncState sync = new SyncState();
      sync.init();
      int index = sync.buffer(d.length);
      System.arraycopy(d, 0, sync.data, index, d.length);
      sync.wrote(d.length);
      Page page = new Page();
      if (sync.pageout(page) != 1) {
        throw AudioErrors.corrupt(format, "no Ogg page");
      }
      int serial = page.serialno();
      StreamState stream = new StreamState();
      stream.init(serial);
      Info info = new Info();
      Comment comment = new Comment();
      info.init();
      comment.init();
      Packet packet = new Packet();
      if (stream.pagein(page) < 0 || stream.packetout(packet) != 1) {
        throw AudioErrors.corrupt(format, "unreadable first packet");
      }
      if (info.synthesis_headerin(comment, packet) < 0) {
        throw notVorbis(packet);
      }
      int headers = 1;
      while (headers < 3) {
        int result = stream.packetout(packet);
        if (result == 1) {
          if (info.synthesis_headerin(comment, packet) < 0) {
            throw AudioErrors.corrupt(format, "bad header packet");
          }
          headers++;
        } else if (result == -1) {
          throw AudioErrors.corrupt(format, "gap in the header packets");
        } else if (nextPage(sync, page, serial, format)) {
          stream.pagein(page);
        } else {
          throw AudioErrors.truncated(format);
        }
      }
      if (info.channels < 1 || info.rate < 1) {
        throw AudioErrors.corrupt(format, "invalid identification header");
      }
      long declared = lastGranule(d, serial);
      if (declared > 0) {
        AudioErrors.checkDeclared(declared, info.rate, limits);
      }
      int initial = (int) Math.min(declared > 0 ? declared + 4096 : info.rate * 10L, Math.min(d.length * 32L, 1L << 28));
      PcmBuffer out = new PcmBuffer(info.channels, info.rate, limits, initial);
      DspState dsp = new DspState();
      dsp.synthesis_init(info);
      Block block = new Block(dsp);
      float[][][] pcm = new float[1][][];
      int[] offsets = new int[info.channels];
      boolean endOfStream = false;
      long finalGranule = -1;
      while (true) {
        int result;
        while ((result = stream.packetout(packet)) != 0) {
          if (result == -1) {
            throw AudioErrors.corrupt(format, "gap in the audio packets");
          }
          if (block.synthesis(packet) == 0) {
            dsp.synthesis_blockin(block);
          }
          int n;
          while ((n = dsp.synthesis_pcmout(pcm, offsets)) > 0) {
            int at = out.frames();
            out.ensure(n);
            for (int c = 0; c < info.channels; c++) {
              System.arraycopy(pcm[0][c], offsets[c], out.channel(c), at, n);
            }
            out.advance(n);
            dsp.synthesis_read(n);
          }
        }
        if (endOfStream) {
          break;
        }
        if (!nextPage(sync, page, serial, format)) {
          throw AudioErrors.truncated(format);
        }
        stream.pagein(page);
        if (page.eos() != 0) {
          endOfStream = true;
          finalGranule = page.granulepos();
        }
      }
      DecodedAudio audio = out.toAudio();
      // The last packet decodes to a whole block; the end page's granule says where audio ends.
      if (finalGranule > 0 && finalGranule < audio.frames()) {
        float[][] trimmed = new float[info.channels][];
        for (int c = 0; c < info.channels; c++) {
          trimmed[c] = java.util.Arrays.copyOf(audio.channels()[c], (int) finalGranule);
        }
        audio = new DecodedAudio(trimmed, info.rate);
      }
      return audio;
    } catch (RuntimeException e) {
      throw AudioErrors.corrupt(format, oneLine(e));
    }
  }

  /** The next page of the wanted logical stream; false at the end of the data. */
  private static boolean nextPage(SyncState sync, Page page, int serial, String format)
      throws AudioException {
    while (true) {
      int result = sync.pageout(page);
      if (result == 0) {
        return false;
      }
      if (result == -1) {
        throw AudioErrors.corrupt(format, "damaged Ogg page");
      }
      if (page.serialno() == serial) {
        return true;
      }
    }
  }

  private static AudioException notVorbis(Packet packet) {
    String head =
        new String(packet.packet_base, packet.packet, Math.min(8, packet.bytes), StandardCharsets.ISO_8859_1);
    if (head.startsWith("OpusHead")) {
      return AudioErrors.unsupported("Ogg Opus");
    }
    if (head.startsWith("\u007fFLAC")) {
      return AudioErrors.unsupported("Ogg FLAC");
    }
    if (head.startsWith("Speex")) {
      return AudioErrors.unsupported("Ogg Speex");
    }
    return AudioErrors.unsupported("Ogg stream that is not Vorbis");
  }

  /**
   * The granule position (total samples per channel) of the last page of the stream, found by
   * scanning back from the end for the page capture pattern; -1 if none is found.
   */
  static long lastGranule(byte[] d, int serial) {
    int stop = Math.max(0, d.length - (1 << 17));
    for (int p = d.length - 27; p >= stop; p--) {
      if (d[p] == 'O' && d[p + 1] == 'g' && d[p + 2] == 'g' && d[p + 3] == 'S' && d[p + 4] == 0) {
        long granule = 0;
        for (int i = 7; i >= 0; i--) {
          granule = (granule << 8) | (d[p + 6 + i] & 0xFF);
        }
        int pageSerial =
            (d[p + 14] & 0xFF) | (d[p + 15] & 0xFF) << 8 | (d[p + 16] & 0xFF) << 16 | (d[p + 17] & 0xFF) << 24;
        if (pageSerial == serial && granule >= 0) {
          return granule;
        }
      }
    }
    return -1;
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage();
    String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    return text.lines().findFirst().orElse(text).strip();
  }
}
