package ai.muq.library.solr;

import java.util.List;

/**
 * The configured collection exists but was not made from this service's configset; the service
 * refuses to start rather than reuse it silently.
 */
public final class SolrSchemaMismatchException extends IllegalStateException {

  private final List<String> differences;

  SolrSchemaMismatchException(String collection, String configSet, List<String> differences) {
    super("Solr collection '" + collection + "' exists with a schema that differs from the shipped configset "
        + configSet + ": " + String.join("; ", differences)
        + ". Use another muq.library.solr.collection or delete the collection so it is created anew.");
    this.differences = List.copyOf(differences);
  }

  public List<String> differences() {
    return differences;
  }
}
