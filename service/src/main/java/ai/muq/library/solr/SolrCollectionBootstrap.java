package ai.muq.library.solr;

import java.nio.file.Files;
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
  static void ensure(SolrClient client, SolrLibrarySettings settings, SolrConfigSet configSet) throws Exception {
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
    validate(client, collection, configSet);
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
