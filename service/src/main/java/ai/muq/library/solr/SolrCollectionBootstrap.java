package ai.muq.library.solr;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.common.cloud.DocCollection;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ConfigSetAdminRequest;
import org.apache.solr.client.solrj.request.schema.SchemaRequest;
import org.apache.solr.client.solrj.response.CollectionAdminResponse;
import org.apache.solr.client.solrj.request.schema.FieldTypeDefinition;
import org.apache.solr.client.solrj.response.schema.SchemaRepresentation;
import org.apache.solr.client.solrj.response.schema.SchemaResponse;

/**
 * Makes sure the library collection exists with the shipped schema: uploads the configset (once per
 * content version) through the Configsets API, creates a missing collection and checks an existing
 * one. Safe when several service replicas start at once: whoever loses a creation race re-reads.
 */
final class SolrCollectionBootstrap {

  private SolrCollectionBootstrap() {}

  /**
   * @throws SolrSchemaMismatchException when the collection exists with a different schema
   * @throws Exception when Solr cannot be reached or refuses (the caller maps it)
   */
  static void ensure(CloudSolrClient client, SolrLibrarySettings settings, SolrConfigSet configSet) throws Exception {
    String collection = settings.collection();
    if (!CollectionAdminRequest.listCollections(client).contains(collection)) {
      uploadConfigSet(client, configSet);
      try {
        CollectionAdminRequest.Create create = CollectionAdminRequest.createCollection(
            collection, configSet.name(), settings.shards(), settings.replicationFactor());
        create.setWaitForFinalState(true);
        CollectionAdminResponse response = create.process(client);
        if (!response.isSuccess()) {
          throw new IllegalStateException("creating Solr collection " + collection + " failed: " + response.getErrorMessages());
        }
      } catch (Exception e) {
        // another service replica may have created it meanwhile
        if (!CollectionAdminRequest.listCollections(client).contains(collection)) {
          throw e;
        }
      }
    }
    awaitLeaders(client, collection, settings.requestTimeout().multipliedBy(4));
    validate(client, collection, configSet);
  }

  /**
   * Waits until every shard has an active leader on a live node: a collection just created (by us
   * or a concurrently starting replica, possibly after our request timed out) takes a moment.
   */
  static void awaitLeaders(CloudSolrClient client, String collection, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Set<String> live = client.getClusterStateProvider().getLiveNodes();
      DocCollection state = client.getClusterStateProvider().getCollection(collection);
      boolean ready = state != null && state.getActiveSlices().stream()
          .allMatch(slice -> slice.getLeader() != null && slice.getLeader().isActive(live));
      if (ready && state.getActiveSlices().size() > 0) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Solr collection " + collection + " has shards without an active leader after "
            + timeout.toSeconds() + " s");
      }
      Thread.sleep(250);
    }
  }

  private static void uploadConfigSet(SolrClient client, SolrConfigSet configSet) throws Exception {
    if (new ConfigSetAdminRequest.List().process(client).getConfigSets().contains(configSet.name())) {
      return;
    }
    Path zip = configSet.zip();
    try {
      new ConfigSetAdminRequest.Upload()
          .setConfigSetName(configSet.name())
          .setUploadFile(zip.toFile(), "application/zip")
          .process(client);
    } catch (Exception e) {
      if (!new ConfigSetAdminRequest.List().process(client).getConfigSets().contains(configSet.name())) {
        throw e;
      }
    } finally {
      Files.deleteIfExists(zip);
    }
  }

  private static void validate(SolrClient client, String collection, SolrConfigSet configSet) throws Exception {
    SchemaResponse response = new SchemaRequest().process(client, collection);
    SchemaRepresentation schema = response.getSchemaRepresentation();
    List<Map<String, Object>> fieldTypes = schema.getFieldTypes().stream()
        .map(FieldTypeDefinition::getAttributes)
        .toList();
    List<String> problems = configSet.differences(schema.getName(), schema.getUniqueKey(), schema.getFields(), fieldTypes);
    if (!problems.isEmpty()) {
      throw new SolrSchemaMismatchException(collection, configSet.name(), problems);
    }
  }
}
