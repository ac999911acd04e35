package ai.muq.audio;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MP3 through the pure-Java JLayer decoder, with LAME/Xing gapless trimming. The library's own exceptions, including the runtime ones it throws on hostile input, become
 * {@link AudioException}s of kind CORRUPT.
 */
final class Mp3Decoder {

  private Mp3Decoder() {}

  static DecodedAudio decode(byte[] d, AudioLimits limits) throws AudioException {
    String format = "MP3";
    Bitstream stream = new Bitstream(new ByteArrayInputStream(d));
    Decoder decoder = new Decoder();
    PcmBuffer out = null;
    Gapless gapless = Gapless.read(d);
    int firstFrameSamples = 0;
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
        if (firstFrameSamples == 0) {
          firstFrameSamples = n;
        }
        stream.closeFrame();
      }
    } catch (BitstreamException | DecoderException | RuntimeException e) {
      throw AudioErrors.corrupt(format, AudioErrors.oneLine(e));
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
    DecodedAudio audio = out.toAudio();
    return gapless == null ? audio : gapless.trim(audio, firstFrameSamples);
  }

  /**
   * Gapless playback data from a LAME/Xing "Info" frame: the encoder delay and padding, and the
   * frame count. JLayer decodes the Info frame itself as a frame of silence and adds the layer III
   * decoder delay of 529 samples; trimming all of that gives back exactly the encoded signal.
   */
  record Gapless(long frames, int samplesPerFrame, int delay, int padding) {

    private static final int DECODER_DELAY = 529;

    static Gapless read(byte[] d) {
      int p = FormatSniffer.skipId3v2(d);
      if (FormatSniffer.mpegFrameLength(d, p) <= 0 || ((d[p + 1] >> 1) & 3) != 1) {
        return null; // no frame here, or not layer III
      }
      boolean mpeg1 = ((d[p + 1] >> 3) & 3) == 3;
      boolean mono = ((d[p + 3] >> 6) & 3) == 3;
      int tag = p + 4 + (mpeg1 ? (mono ? 17 : 32) : (mono ? 9 : 17));
      if (!FormatSniffer.startsWith(d, tag, "Info") && !FormatSniffer.startsWith(d, tag, "Xing")) {
        return null;
      }
      if (tag + 12 > d.length) {
        return null;
      }
      int flags = d[tag + 7] & 0xFF;
      int q = tag + 8;
      if ((flags & 1) == 0) {
        return null; // no frame count: nothing to trim to
      }
      long frames = readInt(d, q);
      q += 4;
      q += (flags & 2) != 0 ? 4 : 0;
      q += (flags & 4) != 0 ? 100 : 0;
      q += (flags & 8) != 0 ? 4 : 0;
      if (q + 24 > d.length) {
        return null;
      }
      String encoder = new String(d, q, 4, StandardCharsets.ISO_8859_1);
      if (!encoder.equals("LAME") && !encoder.equals("Lavc") && !encoder.equals("Lavf")) {
        return null; // a Xing header without the LAME extension carries no delay
      }
      int delay = (d[q + 21] & 0xFF) << 4 | (d[q + 22] & 0xF0) >> 4;
      int padding = (d[q + 22] & 0x0F) << 8 | (d[q + 23] & 0xFF);
      return new Gapless(frames, mpeg1 ? 1152 : 576, delay, padding);
    }

    private static long readInt(byte[] d, int p) {
      return (long) (d[p] & 0xFF) << 24 | (d[p + 1] & 0xFF) << 16 | (d[p + 2] & 0xFF) << 8 | (d[p + 3] & 0xFF);
    }

    DecodedAudio trim(DecodedAudio audio, int infoFrameSamples) {
      long start = (long) infoFrameSamples + delay + DECODER_DELAY;
      long length = frames * samplesPerFrame - delay - padding;
      if (length <= 0 || start >= audio.frames()) {
        return audio; // implausible header: keep everything rather than guess
      }
      int end = (int) Math.min(audio.frames(), start + length);
      float[][] trimmed = new float[audio.channels().length][];
      for (int c = 0; c < trimmed.length; c++) {
        trimmed[c] = java.util.Arrays.copyOfRange(audio.channels()[c], (int) start, end);
      }
      return new DecodedAudio(trimmed, audio.sampleRate());
    }
  }
}
