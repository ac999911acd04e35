package ai.muq.library.solr;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.SortedSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/**
 * The Solr configset this project ships (classpath {@code solr/configsets/muq-library/conf/}): the
 * files to upload, a name that changes whenever their content changes, and the fields and field
 * types a collection must have to be used by {@link SolrTrackIndex}.
 */
final class SolrConfigSet {

  static final String RESOURCE_DIR = "solr/configsets/muq-library/conf/";
  static final List<String> FILES = List.of("schema.xml", "solrconfig.xml");

  private final Map<String, byte[]> files;
  private final String name;
  private final String schemaName;
  private final String uniqueKey;
  private final Map<String, Map<String, String>> fieldTypes;
  private final Map<String, Map<String, String>> fields;
  private final SortedSet<Integer> vectorDimensions;

  private SolrConfigSet(Map<String, byte[]> files) {
    this.files = files;
    this.name = "muq-library-" + HexFormat.of().formatHex(digest(files)).substring(0, 12);
    Element schema = parse(files.get("schema.xml"));
    this.schemaName = schema.getAttribute("name");
    this.uniqueKey = schema.getElementsByTagName("uniqueKey").item(0).getTextContent().trim();
    this.fieldTypes = attributesByName(schema.getElementsByTagName("fieldType"));
    this.fields = attributesByName(schema.getElementsByTagName("field"));
    this.vectorDimensions = new TreeSet<>();
    fields.keySet().stream()
        .filter(f -> f.matches("vector_\\d+"))
        .forEach(f -> vectorDimensions.add(Integer.parseInt(f.substring("vector_".length()))));
  }

  /** The shipped configset. */
  static SolrConfigSet load() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (String file : FILES) {
      try (InputStream in = SolrConfigSet.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + file)) {
        files.put(file, Objects.requireNonNull(in, "missing resource " + RESOURCE_DIR + file).readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new SolrConfigSet(files);
  }

  /** Configset name in ZooKeeper; includes a digest of the files so different contents never share a name. */
  String name() {
    return name;
  }

  /** Embedding dimensions with a vector field; other dimensions cannot be stored. */
  SortedSet<Integer> vectorDimensions() {
    return java.util.Collections.unmodifiableSortedSet(vectorDimensions);
  }

  /** The files as a zip, as the Configsets API upload expects, in a temporary file. */
  Path zip() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
      zip.finish();
      Path path = Files.createTempFile(name, ".zip");
      Files.write(path, bytes.toByteArray());
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Differences between a collection's live schema (from the Schema API) and the shipped one; empty
   * when every shipped field and field type is present with the same attributes.
   */
  List<String> differences(String liveName, String liveUniqueKey, List<Map<String, Object>> liveFields,
      List<Map<String, Object>> liveFieldTypes) {
    List<String> problems = new ArrayList<>();
    if (!schemaName.equals(liveName)) {
      problems.add("schema name is '" + liveName + "', expected '" + schemaName + "'");
    }
    if (!uniqueKey.equals(liveUniqueKey)) {
      problems.add("unique key is '" + liveUniqueKey + "', expected '" + uniqueKey + "'");
    }
    compare("field type", fieldTypes, index(liveFieldTypes), problems);
    compare("field", fields, index(liveFields), problems);
    return problems;
  }

  private static void compare(String what, Map<String, Map<String, String>> expected,
      Map<String, Map<String, Object>> live, List<String> problems) {
    expected.forEach((name, attributes) -> {
      Map<String, Object> actual = live.get(name);
      if (actual == null) {
        problems.add(what + " " + name + " is missing");
        return;
      }
      attributes.forEach((attribute, value) -> {
        Object actualValue = actual.get(attribute);
        if (actualValue == null || !normalize(attribute, value).equals(normalize(attribute, actualValue.toString()))) {
          problems.add(what + " " + name + ": " + attribute + " is " + actualValue + ", expected " + value);
        }
      });
    });
  }

  /** Solr reports "solr.X" classes either as written or fully qualified. */
  private static String normalize(String attribute, String value) {
    if (attribute.equals("class")) {
      return value.substring(value.lastIndexOf('.') + 1);
    }
    return value;
  }

  private static Map<String, Map<String, Object>> index(List<Map<String, Object>> entries) {
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Map<String, Object> entry : entries) {
      byName.put(String.valueOf(entry.get("name")), entry);
    }
    return byName;
  }

  private static Map<String, Map<String, String>> attributesByName(NodeList elements) {
    Map<String, Map<String, String>> byName = new LinkedHashMap<>();
    for (int i = 0; i < elements.getLength(); i++) {
      NamedNodeMap attributes = elements.item(i).getAttributes();
      Map<String, String> values = new LinkedHashMap<>();
      for (int a = 0; a < attributes.getLength(); a++) {
        values.put(attributes.item(a).getNodeName(), attributes.item(a).getNodeValue());
      }
      byName.put(values.get("name"), values);
    }
    return byName;
  }

  private static Element parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
    } catch (Exception e) {
      throw new IllegalStateException("shipped Solr schema.xml cannot be parsed", e);
    }
  }

  private static byte[] digest(Map<String, byte[]> files) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      files.forEach((name, content) -> {
        sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha.update(content);
      });
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
