package ai.muq.audio;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.nio.charset.StandardCharsets;

/**
 * Ogg Vorbis through the pure-Java JOrbis decoder. The library's own exceptions, including the runtime ones it throws on hostile input, become
 * {@link AudioException}s of kind CORRUPT.
 */
final class VorbisDecoder {

  private VorbisDecoder() {}

  static DecodedAudio decode(byte[] d, AudioLimits limits) throws AudioException {
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
      throw AudioErrors.corrupt(format, AudioErrors.oneLine(e));
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
}
