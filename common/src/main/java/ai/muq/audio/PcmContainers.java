package ai.muq.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Strict parsers for the uncompressed containers RIFF/WAVE (also RF64 and WAVE_FORMAT_EXTENSIBLE)
 * and AIFF/AIFC. The declared length is checked against the limits before any sample array is
 * allocated, and a file that ends before its declared data does is refused as truncated.
 */
final class PcmContainers {

  private static final VarHandle SHORT_LE = view(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle SHORT_BE = view(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT_LE = view(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE = view(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle FLOAT_LE = view(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_BE = view(float[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle DOUBLE_LE = view(double[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_BE = view(double[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE = view(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final int WAVE_FORMAT_PCM = 1;
  private static final int WAVE_FORMAT_IEEE_FLOAT = 3;
  private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
  /** The 14 bytes that follow the format code in every standard KSDATAFORMAT_SUBTYPE GUID. */
  private static final byte[] SUBTYPE_GUID_TAIL = {
    0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71
  };
  private static final int MAX_CHANNELS = 64;
  private static final int MAX_RATE = 1_536_000;

  private PcmContainers() {}

  /** How samples are stored. */
  enum Encoding {
    /** Two's complement integers. */
    SIGNED,
    /** 8-bit offset binary (WAV's 8-bit PCM). */
    UNSIGNED,
    /** IEEE 754 floats. */
    FLOAT
  }

  /** A validated sample layout. */
  record Layout(
      int channels, int sampleRate, int bytesPerSample, Encoding encoding, boolean bigEndian) {
    int blockAlign() {
      return channels * bytesPerSample;
    }
  }

  // ---------------------------------------------------------------- WAV

  static DecodedAudio decodeWav(byte[] d, AudioLimits limits) throws AudioException {
    String format = "WAV";
    if (d.length < 12) {
      throw AudioErrors.truncated(format);
    }
    boolean rf64 = fourCc(d, 0).equals("RF64");
    Layout layout = null;
    long ds64DataSize = -1;
    long dataStart = -1;
    long dataSize = -1;
    long pos = 12;
    while (pos + 8 <= d.length) {
      int p = (int) pos;
      String id = fourCc(d, p);
      long size = Integer.toUnsignedLong((int) INT_LE.get(d, p + 4));
      int body = p + 8;
      switch (id) {
        case "ds64" -> {
          if (size < 24 || body + 24 > d.length) {
            throw AudioErrors.corrupt(format, "ds64 chunk too short");
          }
          ds64DataSize = (long) LONG_LE.get(d, body + 8);
        }
        case "fmt " -> {
          if (body + size > d.length) {
            throw AudioErrors.truncated(format);
          }
          layout = parseWavFormat(d, body, (int) size);
        }
        case "data" -> {
          dataStart = body;
          dataSize = size;
          if (rf64 && size == 0xFFFFFFFFL) {
            if (ds64DataSize < 0) {
              throw AudioErrors.corrupt(format, "RF64 without a ds64 chunk");
            }
            dataSize = ds64DataSize;
          }
        }
        default -> {
          // Metadata chunks (LIST, fact, cue, ...) are skipped.
        }
      }
      if (dataStart >= 0 && layout != null) {
        break;
      }
      pos = body + size + (size & 1);
    }
    if (layout == null) {
      throw dataStart >= 0 || pos > d.length
          ? AudioErrors.truncated(format)
          : AudioErrors.corrupt(format, "no fmt chunk");
    }
    if (dataStart < 0) {
      throw pos > d.length ? AudioErrors.truncated(format) : AudioErrors.corrupt(format, "no data chunk");
    }
    long frames = dataSize / layout.blockAlign();
    AudioErrors.checkDeclared(frames, layout.sampleRate(), limits);
    if (dataStart + frames * layout.blockAlign() > d.length) {
      throw AudioErrors.truncated(format);
    }
    if (frames == 0) {
      throw AudioErrors.empty(format);
    }
    return convert(d, (int) dataStart, (int) frames, layout);
  }

  private static Layout parseWavFormat(byte[] d, int body, int size) throws AudioException {
    String format = "WAV";
    if (size < 16) {
      throw AudioErrors.corrupt(format, "fmt chunk too short");
    }
    int tag = u16le(d, body);
    int channels = u16le(d, body + 2);
    long rate = Integer.toUnsignedLong((int) INT_LE.get(d, body + 4));
    int blockAlign = u16le(d, body + 12);
    int bits = u16le(d, body + 14);
    if (tag == WAVE_FORMAT_EXTENSIBLE) {
      if (size < 40) {
        throw AudioErrors.corrupt(format, "WAVE_FORMAT_EXTENSIBLE fmt chunk too short");
      }
      int validBits = u16le(d, body + 18);
      int subFormat = u16le(d, body + 24);
      for (int i = 0; i < SUBTYPE_GUID_TAIL.length; i++) {
        if (d[body + 26 + i] != SUBTYPE_GUID_TAIL[i]) {
          throw AudioErrors.unsupported("WAV with a non-standard sub-format GUID");
        }
      }
      if (validBits > bits) {
        throw AudioErrors.corrupt(format, "valid bits " + validBits + " exceed container " + bits);
      }
      tag = subFormat;
    }
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw AudioErrors.corrupt(format, "channel count " + channels);
    }
    if (rate < 1 || rate > MAX_RATE) {
      throw AudioErrors.corrupt(format, "sample rate " + rate + " Hz");
    }
    Encoding encoding;
    if (tag == WAVE_FORMAT_PCM) {
      if (bits != 8 && bits != 16 && bits != 24 && bits != 32) {
        throw AudioErrors.unsupported("WAV PCM with " + bits + " bits per sample");
      }
      encoding = bits == 8 ? Encoding.UNSIGNED : Encoding.SIGNED;
    } else if (tag == WAVE_FORMAT_IEEE_FLOAT) {
      if (bits != 32 && bits != 64) {
        throw AudioErrors.corrupt(format, "float WAV with " + bits + " bits per sample");
      }
      encoding = Encoding.FLOAT;
    } else {
      throw AudioErrors.unsupported(String.format("WAV codec 0x%04X (only PCM and IEEE float)", tag));
    }
    int bytesPerSample = bits / 8;
    if (blockAlign != channels * bytesPerSample) {
      throw AudioErrors.corrupt(
          format, "block align " + blockAlign + " does not match " + channels + " x " + bits + " bits");
    }
    return new Layout(channels, (int) rate, bytesPerSample, encoding, false);
  }

  // ---------------------------------------------------------------- AIFF

  static DecodedAudio decodeAiff(byte[] d, AudioLimits limits) throws AudioException {
    String format = "AIFF";
    if (d.length < 12) {
      throw AudioErrors.truncated(format);
    }
    boolean aifc = fourCc(d, 8).equals("AIFC");
    Layout layout = null;
    long frames = -1;
    long soundStart = -1;
    long soundBytes = -1;
    long pos = 12;
    while (pos + 8 <= d.length) {
      int p = (int) pos;
      String id = fourCc(d, p);
      long size = Integer.toUnsignedLong((int) INT_BE.get(d, p + 4));
      int body = p + 8;
      if (id.equals("COMM")) {
        if (size < (aifc ? 22 : 18) || body + size > d.length) {
          throw size < 18 ? AudioErrors.corrupt(format, "COMM chunk too short") : AudioErrors.truncated(format);
        }
        int channels = (short) SHORT_BE.get(d, body);
        frames = Integer.toUnsignedLong((int) INT_BE.get(d, body + 2));
        int bits = (short) SHORT_BE.get(d, body + 6);
        double rate = extended80(d, body + 8);
        String compression = aifc ? fourCc(d, body + 18) : "NONE";
        layout = aiffLayout(channels, bits, rate, compression);
      } else if (id.equals("SSND")) {
        if (size < 8 || body + 8 > d.length) {
          throw AudioErrors.truncated(format);
        }
        long offset = Integer.toUnsignedLong((int) INT_BE.get(d, body));
        soundStart = body + 8 + offset;
        soundBytes = size - 8 - offset;
      }
      pos = body + size + (size & 1);
    }
    if (layout == null) {
      throw AudioErrors.corrupt(format, "no COMM chunk");
    }
    AudioErrors.checkDeclared(frames, layout.sampleRate(), limits);
    if (frames == 0) {
      throw AudioErrors.empty(format);
    }
    if (soundStart < 0) {
      throw AudioErrors.corrupt(format, "no SSND chunk");
    }
    long needed = frames * layout.blockAlign();
    if (soundBytes < needed || soundStart + needed > d.length) {
      throw AudioErrors.truncated(format);
    }
    return convert(d, (int) soundStart, (int) frames, layout);
  }

  private static Layout aiffLayout(int channels, int bits, double rate, String compression)
      throws AudioException {
    String format = "AIFF";
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw AudioErrors.corrupt(format, "channel count " + channels);
    }
    if (!(rate >= 1 && rate <= MAX_RATE) || rate != Math.rint(rate)) {
      throw AudioErrors.corrupt(format, "sample rate " + rate + " Hz");
    }
    int sampleRate = (int) rate;
    return switch (compression) {
      case "NONE", "twos", "sowt" -> {
        if (bits < 1 || bits > 32) {
          throw AudioErrors.corrupt(format, bits + " bits per sample");
        }
        // Samples are left-justified in whole bytes, so the container's full scale is right.
        yield new Layout(channels, sampleRate, (bits + 7) / 8, Encoding.SIGNED, !compression.equals("sowt"));
      }
      case "raw " -> new Layout(channels, sampleRate, 1, Encoding.UNSIGNED, true);
      case "fl32", "FL32" -> new Layout(channels, sampleRate, 4, Encoding.FLOAT, true);
      case "fl64", "FL64" -> new Layout(channels, sampleRate, 8, Encoding.FLOAT, true);
      default -> throw AudioErrors.unsupported("AIFC compression '" + compression.strip() + "'");
    };
  }

  /** The 80-bit IEEE 754 extended float that AIFF uses for its sample rate. */
  static double extended80(byte[] d, int p) {
    int signExp = ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
    long mantissa = 0;
    for (int i = 0; i < 8; i++) {
      mantissa = (mantissa << 8) | (d[p + 2 + i] & 0xFF);
    }
    int exponent = signExp & 0x7FFF;
    if (exponent == 0 && mantissa == 0) {
      return 0;
    }
    if (exponent == 0x7FFF) {
      return Double.NaN;
    }
    // Unsigned 64-bit mantissa with an explicit integer bit: value = mantissa * 2^(e - 16383 - 63).
    double m = (mantissa >>> 1) * 2.0 + (mantissa & 1);
    double value = Math.scalb(m, exponent - 16383 - 63);
    return (signExp & 0x8000) != 0 ? -value : value;
  }

  // ---------------------------------------------------------------- samples

  static DecodedAudio convert(byte[] d, int start, int frames, Layout layout) {
    int channels = layout.channels();
    float[][] out = new float[channels][frames];
    int stride = layout.blockAlign();
    int bytes = layout.bytesPerSample();
    boolean be = layout.bigEndian();
    for (int c = 0; c < channels; c++) {
      int p = start + c * bytes;
      float[] t = out[c];
      // One loop per layout, each with a constant VarHandle: only those compile to plain loads.
      switch (layout.encoding()) {
        case UNSIGNED -> unsigned8(d, p, stride, t);
        case FLOAT -> {
          if (bytes == 4) {
            if (be) {
              float32be(d, p, stride, t);
            } else {
              float32le(d, p, stride, t);
            }
          } else if (be) {
            float64be(d, p, stride, t);
          } else {
            float64le(d, p, stride, t);
          }
        }
        case SIGNED -> {
          switch (bytes) {
            case 1 -> signed8(d, p, stride, t);
            case 2 -> {
              if (be) {
                int16be(d, p, stride, t);
              } else {
                int16le(d, p, stride, t);
              }
            }
            case 3 -> int24(d, p, stride, t, be);
            default -> {
              if (be) {
                int32be(d, p, stride, t);
              } else {
                int32le(d, p, stride, t);
              }
            }
          }
        }
      }
    }
    return new DecodedAudio(out, layout.sampleRate());
  }

  private static void unsigned8(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = ((d[p] & 0xFF) - 128) * (1f / 128);
    }
  }

  private static void signed8(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = d[p] * (1f / 128);
    }
  }

  private static void int16le(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (short) SHORT_LE.get(d, p) * (1f / 32768);
    }
  }

  private static void int16be(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (short) SHORT_BE.get(d, p) * (1f / 32768);
    }
  }

  private static void int24(byte[] d, int p, int stride, float[] t, boolean be) {
    int hi = be ? 0 : 2;
    int lo = be ? 2 : 0;
    for (int i = 0; i < t.length; i++, p += stride) {
      int v = (d[p + hi] << 16) | ((d[p + 1] & 0xFF) << 8) | (d[p + lo] & 0xFF);
      t[i] = v * (1f / 8388608);
    }
  }

  private static void int32le(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (float) ((int) INT_LE.get(d, p) * (1.0 / 2147483648.0));
    }
  }

  private static void int32be(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (float) ((int) INT_BE.get(d, p) * (1.0 / 2147483648.0));
    }
  }

  private static void float32le(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (float) FLOAT_LE.get(d, p);
    }
  }

  private static void float32be(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (float) FLOAT_BE.get(d, p);
    }
  }

  private static void float64le(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (float) (double) DOUBLE_LE.get(d, p);
    }
  }

  private static void float64be(byte[] d, int p, int stride, float[] t) {
    for (int i = 0; i < t.length; i++, p += stride) {
      t[i] = (float) (double) DOUBLE_BE.get(d, p);
    }
  }

  static String fourCc(byte[] d, int p) {
    return new String(d, p, 4, StandardCharsets.ISO_8859_1);
  }

  private static int u16le(byte[] d, int p) {
    return Short.toUnsignedInt((short) SHORT_LE.get(d, p));
  }

  private static VarHandle view(Class<?> arrayType, ByteOrder order) {
    return MethodHandles.byteArrayViewVarHandle(arrayType, order);
  }
}
