package ai.muq.audio;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.FrameListener;
import org.jflac.frame.Frame;
import org.jflac.metadata.Metadata;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through the pure-Java jFLAC decoder. The library's own exceptions, including the runtime ones it throws on hostile input, become
 * {@link AudioException}s of kind CORRUPT.
 */
final class FlacDecoder {

  private FlacDecoder() {}

  static DecodedAudio decode(byte[] d, AudioLimits limits) throws AudioException {
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
      throw AudioErrors.corrupt(format, AudioErrors.oneLine(e));
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
}
