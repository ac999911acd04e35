package ai.muq.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * An opened model bundle: its manifest read, validated and its files verified against their
 * sha256. It resolves the files a manifest names (never outside the bundle folder) and {@code
 * classpath:} references (resources shipped in a jar). The service and {@code eval} open bundles
 * through this class only, so both accept and refuse the same bundles.
 */
public final class Bundle {

  /** Prefix of a manifest reference to a class-path resource. */
  public static final String CLASSPATH = "classpath:";

  /**
   * How the text tokenizer is run (options of DJL's HuggingFace tokenizer): special tokens added,
   * no truncation (over-long text is refused, never cut), no padding (the graph runner pads).
   */
  public static final Map<String, String> TOKENIZER_OPTIONS =
      Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");

  private final Path dir;
  private final BundleManifest manifest;

  private Bundle(Path dir, BundleManifest manifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Reads {@code bundle.json}, checks it ({@link BundleManifest#validate()}) and verifies every
   * listed file.
   *
   * @throws BundleException with a one-line reason when the bundle cannot be used
   */
  public static Bundle open(Path dir) throws BundleException {
    BundleManifest m;
    try {
      m = BundleManifest.read(dir);
    } catch (IOException | RuntimeException e) {
      throw new BundleException("unreadable bundle.json: " + e.getMessage(), e);
    }
    m.validate();
    try {
      m.verify(dir);
    } catch (IOException e) {
      throw new BundleException(e.getMessage(), e);
    }
    return new Bundle(dir, m);
  }

  public Path dir() {
    return dir;
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** Whether the manifest names a graph for this role. */
  public boolean hasGraph(String role) {
    return manifest.graphs().containsKey(role);
  }

  /**
   * The file of a graph role; it must be listed with a sha256 (so it was verified).
   *
   * @throws BundleException when the role has no graph or its file is not listed
   */
  public Path graph(String role) throws BundleException {
    String file = manifest.graphs().get(role);
    if (file == null) {
      throw new BundleException("no " + role + " graph");
    }
    if (!manifest.files().containsKey(file)) {
      throw new BundleException("graph " + file + " is not listed with a sha256");
    }
    return file(file);
  }

  /**
   * A file of the bundle by the name the manifest gives it.
   *
   * @throws BundleException when it is missing or lies outside the bundle folder
   */
  public Path file(String name) throws BundleException {
    Path p = dir.resolve(name).normalize();
    if (!p.startsWith(dir.normalize()) || !Files.isRegularFile(p)) {
      throw new BundleException("missing file " + name);
    }
    return p;
  }

  /**
   * Opens a manifest reference: {@code classpath:NAME} or a file of the bundle.
   *
   * @throws BundleException when it cannot be found
   */
  public InputStream open(String ref) throws IOException {
    if (ref.startsWith(CLASSPATH)) {
      String name = ref.substring(CLASSPATH.length());
      InputStream in = Bundle.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new BundleException("classpath resource " + name + " not found");
      }
      return in;
    }
    return Files.newInputStream(file(ref));
  }

  /** The bytes of a manifest reference (see {@link #open(String)}). */
  public byte[] bytes(String ref) throws IOException {
    try (InputStream in = open(ref)) {
      return in.readAllBytes();
    }
  }

  /**
   * The text backbone graph's bytes: the {@code text_backbone} graph of the bundle, or its {@code
   * classpath:} backbone source.
   */
  public byte[] textBackbone() throws IOException {
    if (hasGraph(BundleManifest.GRAPH_TEXT_BACKBONE)) {
      return Files.readAllBytes(graph(BundleManifest.GRAPH_TEXT_BACKBONE));
    }
    return bytes(text().backboneSource());
  }

  /**
   * The tokenizer.json of the text side: the manifest's tokenizer reference, or the one packaged
   * beside a {@code classpath:} backbone ({@code NAME-tokenizer.json} for {@code NAME.onnx}).
   */
  public InputStream textTokenizer() throws IOException {
    BundleManifest.Text text = text();
    if (text.tokenizer() != null) {
      return open(text.tokenizer());
    }
    return open(text.backboneSource().replaceFirst("\\.onnx$", "-tokenizer.json"));
  }

  private BundleManifest.Text text() throws BundleException {
    if (manifest.text() == null) {
      throw new BundleException("a muq-mulan bundle needs a text section");
    }
    return manifest.text();
  }
}
