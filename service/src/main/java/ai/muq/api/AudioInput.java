package ai.muq.api;

import ai.muq.audio.AudioException;
import ai.muq.audio.AudioLimits;
import ai.muq.audio.AudioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns what callers send (a multipart part {@code file} or a {@code data:audio/...;base64,} URI)
 * into mono float samples at a model's rate, through the shared {@link AudioLoader}. Runs on the
 * request thread (a virtual thread), so the model workers only see ready waveforms. The service
 * never fetches a URL: anything but a data URI is refused.
 */
@Component
public class AudioInput {

  private static final String DATA = "data:";

  private final AudioLoader loader;
  private final long maxBytes;

  public AudioInput(ApiProperties props) {
    this.maxBytes = props.maxAudioBytes().toBytes();
    this.loader = new AudioLoader(new AudioLimits(maxBytes, props.maxAudioSeconds()));
  }

  /** Decodes an uploaded part. */
  public float[] fromUpload(MultipartFile file, int sampleRate) throws AudioException {
    if (file == null) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the multipart part 'file' is missing");
    }
    if (file.getSize() > maxBytes) {
      throw new AudioException(AudioException.Kind.TOO_LARGE,
          "the audio has " + file.getSize() + " bytes, the limit is " + maxBytes);
    }
    String type = file.getContentType();
    String hint = type == null || type.startsWith("application/octet-stream")
        ? file.getOriginalFilename() : type;
    try {
      return loader.load(file.getBytes(), hint, sampleRate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded part", e);
    }
  }

  /** Whether an input string is a data URI (as opposed to a text). */
  public static boolean isDataUri(String s) {
    return s.regionMatches(true, 0, DATA, 0, DATA.length());
  }

  /**
   * Decodes a {@code data:audio/<type>;base64,<bytes>} URI.
   *
   * @throws ApiException for URLs, non-base64 or undecodable base64 (400) and non-audio media
   *     types (415)
   * @throws AudioException for audio over the limits or not decodable
   */
  public float[] fromUri(String uri, int sampleRate) throws AudioException {
    if (!isDataUri(uri)) {
      throw new ApiException(ProblemType.INVALID_PARAMETER,
          "audio must be a data:audio/...;base64, URI; the service never fetches URLs");
    }
    int comma = uri.indexOf(',');
    if (comma < 0) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the data URI has no ',' before its data");
    }
    String meta = uri.substring(DATA.length(), comma).toLowerCase(Locale.ROOT);
    String mediaType = meta.split(";", 2)[0].trim();
    if (!mediaType.startsWith("audio/")) {
      throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "data URI media type '" + mediaType + "' is not audio/*");
    }
    if (!meta.endsWith(";base64")) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "audio data URIs must be base64-encoded");
    }
    long encoded = uri.length() - comma - 1L;
    long decodedEstimate = encoded / 4 * 3;
    if (decodedEstimate > maxBytes + 3) {
      throw new AudioException(AudioException.Kind.TOO_LARGE,
          "the base64 audio has about " + decodedEstimate + " bytes, the limit is " + maxBytes);
    }
    byte[] data;
    try {
      data = Base64.getMimeDecoder().decode(uri.substring(comma + 1));
    } catch (IllegalArgumentException e) {
      throw new ApiException(ProblemType.MALFORMED_REQUEST, "the data URI is not valid base64");
    }
    return loader.load(data, mediaType, sampleRate);
  }

  public long maxBytes() {
    return maxBytes;
  }
}
