package ai.muq.inference;

import ai.muq.bundle.BundleManifest;
import ai.muq.hub.HubCache;
import ai.muq.hub.HubClient;
import ai.muq.hub.HubException;
import ai.muq.hub.HubRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the converted bundle for an {@code hf:OWNER/NAME[@REVISION]} entry of {@code muq.bundles}
 * in {@code muq.model-cache}, laid out like the hub cache: {@code models--OWNER--NAME/refs/<revision>}
 * holds the commit the revision resolved to when it was first served, {@code
 * models--OWNER--NAME/bundles/<commit>/} the bundle converted from that commit. A revision seen
 * before needs no request at all; a new one is resolved once through the hub (HF_* environment).
 */
final class HubBundles {

  private final HubCache modelCache;
  private final HubClient hub;

  HubBundles(Path modelCache, HubClient hub) {
    this.modelCache = new HubCache(modelCache);
    this.hub = hub;
  }

  /** Where the bundle for a repo and commit lives in the model cache. */
  Path bundleDir(String repo, String commit) {
    return modelCache.repoDir(repo).resolve("bundles").resolve(commit);
  }

  /**
   * The converted bundle for a hub reference.
   *
   * @throws HubException in one line: the hub refused or could not be reached, or no converted
   *     bundle exists for that commit (with the command that makes it)
   */
  Path locate(HubRef ref) throws IOException {
    String commit = ref.isCommit() ? ref.revision() : modelCache.readRef(ref.repo(), ref.revision());
    if (commit == null) {
      commit = hub.resolve(ref).commit();
      try {
        modelCache.writeRef(ref.repo(), ref.revision(), commit);
      } catch (IOException e) {
        // A read-only cache still serves; the next start resolves the revision again.
      }
    }
    Path dir = bundleDir(ref.repo(), commit);
    if (!Files.isRegularFile(dir.resolve(BundleManifest.FILE_NAME))) {
      throw new HubException(
          ref + " (commit " + commit + ") has no converted bundle in muq.model-cache " + modelCache.root()
              + "; convert it once with: model-export import --from " + HubRef.SCHEME + ref.repo() + "@" + commit
              + " --out " + dir.toAbsolutePath());
    }
    return dir;
  }
}
