package ai.muq.library.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Shared request parsing of the library controllers. */
final class LibraryRequests {

  private LibraryRequests() {}

  /** Malformed JSON in a request part or body. */
  static final class MalformedJsonException extends RuntimeException {
    MalformedJsonException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static <T> T parse(JsonMapper json, String text, Class<T> type) {
    try {
      T value = json.readValue(text, type);
      if (value == null) {
        throw new MalformedJsonException("expected a JSON object", null);
      }
      return value;
    } catch (JacksonException e) {
      // Jackson's own message names Java classes: the caller gets the place, not the internals
      throw new MalformedJsonException("malformed JSON, or not of the expected shape" + where(e), e);
    }
  }

  private static String where(JacksonException e) {
    if (e instanceof tools.jackson.databind.DatabindException de && !de.getPath().isEmpty()) {
      StringBuilder at = new StringBuilder(" (at ");
      de.getPath().forEach(r -> at.append('/').append(r.getPropertyName() != null ? r.getPropertyName() : r.getIndex()));
      return at.append(')').toString();
    }
    return e.getLocation() == null ? ""
        : " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  static byte[] bytes(MultipartFile file) {
    try {
      return file.getBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the uploaded file", e);
    }
  }

  static String formatHint(MultipartFile file) {
    return file.getOriginalFilename() != null && !file.getOriginalFilename().isBlank()
        ? file.getOriginalFilename()
        : file.getContentType();
  }
}
