package ai.muq.hub;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model on a hub: {@code hf:OWNER/NAME[@REVISION]} on the command line and in {@code
 * muq.bundles}. The revision is a branch, tag or commit; it defaults to {@code main}. A legacy id
 * without an owner (such as {@code xlm-roberta-base}, named by MuQ-MuLan's config.json) is accepted
 * as the hub accepts it.
 *
 * @param repo {@code OWNER/NAME}, or a legacy {@code NAME}
 * @param revision branch, tag or 40-hex commit
 */
public record HubRef(String repo, String revision) {

  /** The prefix that marks a hub reference among paths. */
  public static final String SCHEME = "hf:";

  public static final String DEFAULT_REVISION = "main";

  private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  public HubRef {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(revision, "revision");
    String[] parts = repo.split("/", -1);
    if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> PART.matcher(p).matches() && !p.contains(".."))) {
      throw new IllegalArgumentException(
          "'" + repo + "' is not a hub model id (OWNER/NAME with letters, digits, '.', '_', '-')");
    }
    if (revision.isBlank() || revision.contains("..") || revision.startsWith("/") || revision.chars().anyMatch(c -> c < 0x21)) {
      throw new IllegalArgumentException("'" + revision + "' is not a revision (branch, tag or commit)");
    }
  }

  /** Whether a {@code --from} value or {@code muq.bundles} entry names a hub model. */
  public static boolean isHubRef(String s) {
    return s != null && s.startsWith(SCHEME);
  }

  /**
   * Parses {@code hf:OWNER/NAME[@REVISION]}.
   *
   * @throws IllegalArgumentException naming what is wrong, in one line
   */
  public static HubRef parse(String s) {
    if (!isHubRef(s)) {
      throw new IllegalArgumentException("'" + s + "' is not a hub reference (hf:OWNER/NAME[@REVISION])");
    }
    String body = s.substring(SCHEME.length());
    int at = body.indexOf('@');
    String repo = at < 0 ? body : body.substring(0, at);
    String revision = at < 0 ? DEFAULT_REVISION : body.substring(at + 1);
    if (!repo.contains("/")) {
      throw new IllegalArgumentException("'" + s + "' must name OWNER/NAME, e.g. hf:OpenMuQ/MuQ-MuLan-large");
    }
    return new HubRef(repo, revision);
  }

  /** Whether the revision is already a commit hash (nothing to resolve). */
  public boolean isCommit() {
    return COMMIT.matcher(revision).matches();
  }

  static boolean isCommit(String s) {
    return s != null && COMMIT.matcher(s).matches();
  }

  /** The same repo at another revision. */
  public HubRef at(String newRevision) {
    return new HubRef(repo, newRevision);
  }

  @Override
  public String toString() {
    return SCHEME + repo + (revision.equals(DEFAULT_REVISION) ? "" : "@" + revision);
  }
}
