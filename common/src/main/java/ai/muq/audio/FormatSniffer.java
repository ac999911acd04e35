package ai.muq.audio;

import java.util.Locale;

/** Tells the container from the first bytes; the caller's name or MIME type is only a tie-breaker. */
final class FormatSniffer {

  /** What the bytes are. */
  enum Format {
    WAV, AIFF, FLAC, MP3, OGG,
    /** Recognised, but only ffmpeg can decode it. */
    KNOWN_UNSUPPORTED,
    /** Not recognised at all. */
    UNKNOWN
  }

  /** The verdict, with a readable name for recognised unsupported formats. */
  record Sniffed(Format format, String name) {}

  private FormatSniffer() {}

  static Sniffed sniff(byte[] d, String hint) {
    if (startsWith(d, 0, "RIFF") && startsWith(d, 8, "WAVE") || startsWith(d, 0, "RF64") && startsWith(d, 8, "WAVE")) {
      return new Sniffed(Format.WAV, "WAV");
    }
    if (startsWith(d, 0, "FORM") && (startsWith(d, 8, "AIFF") || startsWith(d, 8, "AIFC"))) {
      return new Sniffed(Format.AIFF, "AIFF");
    }
    if (startsWith(d, 0, "OggS")) {
      return new Sniffed(Format.OGG, "Ogg");
    }
    int audioStart = skipId3v2(d);
    if (startsWith(d, audioStart, "fLaC")) {
      return new Sniffed(Format.FLAC, "FLAC");
    }
    if (isMpegAudio(d, audioStart, audioStart > 0)) {
      return new Sniffed(Format.MP3, "MP3");
    }
    String known = knownUnsupported(d);
    if (known != null) {
      return new Sniffed(Format.KNOWN_UNSUPPORTED, known);
    }
    if (audioStart > 0) {
      return new Sniffed(Format.MP3, "MP3"); // an ID3 tag is a strong sign of MP3 despite odd bytes after it
    }
    if (hintSaysMp3(hint) && firstConfirmedMpegFrame(d) >= 0) {
      return new Sniffed(Format.MP3, "MP3"); // junk before the first frame; JLayer skips it
    }
    return new Sniffed(Format.UNKNOWN, null);
  }

  /** Offset after an ID3v2 tag (syncsafe size, optional footer), 0 if there is none. */
  static int skipId3v2(byte[] d) {
    if (d.length < 10 || !startsWith(d, 0, "ID3")) {
      return 0;
    }
    int size = 0;
    for (int i = 6; i < 10; i++) {
      if ((d[i] & 0x80) != 0) {
        return 0;
      }
      size = (size << 7) | d[i];
    }
    boolean footer = (d[5] & 0x10) != 0;
    long end = 10L + size + (footer ? 10 : 0);
    return end <= d.length ? (int) end : d.length;
  }

  /**
   * An MPEG audio frame header at {@code p}, confirmed by a second one right after the first frame
   * (unless the stream is too short or {@code trusted} because a tag preceded it).
   */
  static boolean isMpegAudio(byte[] d, int p, boolean trusted) {
    int length = mpegFrameLength(d, p);
    if (length <= 0) {
      return false;
    }
    int next = p + length;
    if (next + 4 > d.length) {
      return trusted || next == d.length;
    }
    return mpegFrameLength(d, next) > 0 || trusted;
  }

  /** Offset of the first frame within 64 KiB that is followed by another frame, else -1. */
  static int firstConfirmedMpegFrame(byte[] d) {
    int limit = Math.min(d.length - 4, 1 << 16);
    for (int p = 0; p < limit; p++) {
      int length = mpegFrameLength(d, p);
      if (length > 0 && p + length + 4 <= d.length && mpegFrameLength(d, p + length) > 0) {
        return p;
      }
    }
    return -1;
  }

  private static final int[][] BITRATES_KBPS = {
    {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448}, // MPEG-1 layer I
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384}, // MPEG-1 layer II
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}, // MPEG-1 layer III
    {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256}, // MPEG-2/2.5 layer I
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}, // MPEG-2/2.5 layers II, III
  };
  private static final int[] RATES_MPEG1 = {44100, 48000, 32000};

  /** The length in bytes of the MPEG audio frame whose header is at {@code p}; 0 if none is. */
  static int mpegFrameLength(byte[] d, int p) {
    if (p + 4 > d.length || (d[p] & 0xFF) != 0xFF || (d[p + 1] & 0xE0) != 0xE0) {
      return 0;
    }
    int version = (d[p + 1] >> 3) & 3; // 0: 2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
    int layer = (d[p + 1] >> 1) & 3; // 1: III, 2: II, 3: I
    int bitrateIndex = (d[p + 2] >> 4) & 0xF;
    int rateIndex = (d[p + 2] >> 2) & 3;
    int padding = (d[p + 2] >> 1) & 1;
    if (version == 1 || layer == 0 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
      return 0;
    }
    int rate = RATES_MPEG1[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
    boolean mpeg1 = version == 3;
    int table = mpeg1 ? 3 - layer : layer == 3 ? 3 : 4;
    int bitrate = BITRATES_KBPS[table][bitrateIndex] * 1000;
    if (layer == 3) {
      return (12 * bitrate / rate + padding) * 4;
    }
    int perFrame = layer == 1 && !mpeg1 ? 72 : 144;
    return perFrame * bitrate / rate + padding;
  }

  /** Names of formats recognised by signature that no Java decoder here reads. */
  private static String knownUnsupported(byte[] d) {
    if (startsWith(d, 4, "ftyp")) {
      return "MP4/M4A";
    }
    if (d.length >= 4 && (d[0] & 0xFF) == 0x1A && (d[1] & 0xFF) == 0x45 && (d[2] & 0xFF) == 0xDF && (d[3] & 0xFF) == 0xA3) {
      return "Matroska/WebM";
    }
    if (d.length >= 4 && (d[0] & 0xFF) == 0x30 && (d[1] & 0xFF) == 0x26 && (d[2] & 0xFF) == 0xB2 && (d[3] & 0xFF) == 0x75) {
      return "ASF/WMA";
    }
    if (d.length >= 2 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xF6) == 0xF0) {
      return "AAC (ADTS)";
    }
    if (startsWith(d, 0, "#!AMR")) {
      return "AMR";
    }
    if (startsWith(d, 0, "caff")) {
      return "Core Audio (CAF)";
    }
    if (startsWith(d, 0, "MThd")) {
      return "MIDI";
    }
    if (startsWith(d, 0, "MAC ")) {
      return "Monkey's Audio";
    }
    if (startsWith(d, 0, "wvpk")) {
      return "WavPack";
    }
    if (startsWith(d, 0, ".snd")) {
      return "Sun/NeXT audio";
    }
    if (startsWith(d, 0, "RIFF")) {
      return "RIFF file that is not WAVE";
    }
    if (startsWith(d, 0, "\u0089PNG") || startsWith(d, 0, "GIF8") || startsWith(d, 0, "%PDF")
        || startsWith(d, 0, "PK\u0003\u0004") || d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF) {
      return "a non-audio file (image, document or archive)";
    }
    return null;
  }

  private static boolean hintSaysMp3(String hint) {
    if (hint == null) {
      return false;
    }
    String h = hint.toLowerCase(Locale.ROOT).strip();
    return h.endsWith(".mp3") || h.equals("mp3") || h.equals("audio/mpeg") || h.equals("audio/mp3");
  }

  static boolean startsWith(byte[] d, int p, String ascii) {
    if (p < 0 || p + ascii.length() > d.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if ((d[p + i] & 0xFF) != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
