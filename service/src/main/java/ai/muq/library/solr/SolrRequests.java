package ai.muq.library.solr;

import ai.muq.library.LibraryUnavailableException;
import org.apache.solr.client.solrj.SolrRequest;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.QueryRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.client.solrj.response.UpdateResponse;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * The retry and error policy of the Solr library's requests: writes carry the soft commit and the
 * replication-factor check, reads are retried on a node lost mid-request, Solr's 409 becomes
 * {@link VersionConflict}, a 4xx is a bug here, anything else {@link LibraryUnavailableException}.
 */
final class SolrRequests {

  private static final int READ_ATTEMPTS = 3;
  private static final java.time.Duration READ_RETRY_PAUSE = java.time.Duration.ofMillis(300);

  private final CloudSolrClient client;
  private final SolrLibrarySettings settings;

  SolrRequests(CloudSolrClient client, SolrLibrarySettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** Sends an update; with {@code commit}, also a soft commit that makes it (and earlier ones) visible. */
  void write(UpdateRequest request, boolean commit) {
    if (commit) {
      request.setParam("softCommit", "true");
      request.setParam("commit", "true");
      request.setParam("waitSearcher", "true");
      request.setParam("openSearcher", "true");
    }
    if (settings.minReplicationFactor() > 1) {
      request.setParam("min_rf", Integer.toString(settings.minReplicationFactor()));
    }
    UpdateResponse response;
    try {
      response = request.process(client, settings.collection());
    } catch (Exception e) {
      if (isVersionConflict(e)) {
        throw new VersionConflict();
      }
      throw unavailableOrBug("Solr rejected or did not acknowledge the write", e);
    }
    if (settings.minReplicationFactor() > 1 && (request.getDocuments() != null || request.getDeleteById() != null)) {
      int achieved = client.getMinAchievedReplicationFactor(settings.collection(), response.getResponse());
      if (achieved >= 0 && achieved < settings.minReplicationFactor()) {
        throw unavailable("the write reached only " + achieved + " replica(s) of a shard, "
            + settings.minReplicationFactor() + " required", null, settings);
      }
    }
  }

  /**
   * Runs a read. Reads are idempotent, so one that fails because a node went away mid-request (the
   * cluster state has not caught up yet) is retried on the remaining replicas before giving up.
   */
  QueryResponse query(ModifiableSolrParams params) {
    RuntimeException last = null;
    for (int attempt = 0; attempt < READ_ATTEMPTS; attempt++) {
      try {
        return new QueryRequest(params, SolrRequest.METHOD.POST).process(client, settings.collection());
      } catch (Exception e) {
        last = unavailableOrBug("Solr query failed", e);
        if (!(last instanceof LibraryUnavailableException)) {
          throw last;
        }
        sleep(READ_RETRY_PAUSE.multipliedBy(attempt + 1));
      }
    }
    throw last;
  }

  private static void sleep(java.time.Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibraryUnavailableException("interrupted", java.time.Duration.ZERO, e);
    }
  }

  private static boolean isVersionConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SolrException se && se.code() == SolrException.ErrorCode.CONFLICT.code) {
        return true;
      }
    }
    return false;
  }

  private RuntimeException unavailableOrBug(String what, Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SolrException se && se.code() >= 400 && se.code() < 500) {
        // a request Solr considers malformed is a bug here, not an outage
        return new IllegalStateException(what + ": " + se.getMessage(), e);
      }
    }
    return unavailable(what, e, settings);
  }

  static LibraryUnavailableException unavailable(String what, Throwable cause, SolrLibrarySettings settings) {
    String detail = cause == null ? "" : ": " + rootMessage(cause);
    return new LibraryUnavailableException(what + detail, settings.retryAfter(), cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t + ")";
  }

  /** Solr answered 409: optimistic-concurrency conflict (patch) or missing document (delete). */
  static final class VersionConflict extends RuntimeException {
    VersionConflict() {
      super(null, null, false, false);
    }
  }
}
