package ai.muq.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the hub is and where its files are cached, read from the environment variables
 * huggingface_hub reads, so one cache serves both.
 *
 * @param endpoint {@code HF_ENDPOINT}, default {@code https://huggingface.co}
 * @param token {@code HF_TOKEN}, else the token file {@code $HF_HOME/token}; null for none
 * @param cacheDir {@code HF_HUB_CACHE}, else {@code $HF_HOME/hub}, else {@code ~/.cache/huggingface/hub}
 * @param offline {@code HF_HUB_OFFLINE} set to 1/true/yes/on: only the cache is used, no request is made
 */
public record HubSettings(URI endpoint, String token, Path cacheDir, boolean offline) {

  public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

  public HubSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(cacheDir, "cacheDir");
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /** Settings from this process's environment. */
  public static HubSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** Settings from the given environment (tests pass their own). */
  public static HubSettings fromEnvironment(Map<String, String> env) {
    String endpoint = nonBlank(env.get("HF_ENDPOINT"), DEFAULT_ENDPOINT);
    while (endpoint.endsWith("/")) {
      endpoint = endpoint.substring(0, endpoint.length() - 1);
    }
    Path home = Path.of(nonBlank(env.get("HF_HOME"),
        Path.of(System.getProperty("user.home"), ".cache", "huggingface").toString()));
    Path cache = Path.of(nonBlank(env.get("HF_HUB_CACHE"), home.resolve("hub").toString()));
    String token = env.get("HF_TOKEN");
    if (token == null || token.isBlank()) {
      token = tokenFile(home.resolve("token"));
    }
    String off = nonBlank(env.get("HF_HUB_OFFLINE"), "").strip().toLowerCase(java.util.Locale.ROOT);
    boolean offline = off.equals("1") || off.equals("true") || off.equals("yes") || off.equals("on");
    return new HubSettings(URI.create(endpoint), token == null ? null : token.strip(), cache, offline);
  }

  /** The same settings with another cache directory. */
  public HubSettings withCacheDir(Path dir) {
    return new HubSettings(endpoint, token, dir, offline);
  }

  private static String tokenFile(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readString(file).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String nonBlank(String s, String fallback) {
    return s == null || s.isBlank() ? fallback : s;
  }

  @Override
  public String toString() {
    // Never print the token.
    return "HubSettings[endpoint=" + endpoint + ", token=" + (token == null ? "none" : "set")
        + ", cacheDir=" + cacheDir + ", offline=" + offline + "]";
  }
}
