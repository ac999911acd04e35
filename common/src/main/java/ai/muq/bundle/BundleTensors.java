package ai.muq.bundle;

/**
 * Input and output tensor names of a bundle's graphs (see {@link BundleManifest} for which graph
 * has which). The exporter writes them, the service and {@code eval} feed and fetch them.
 */
public final class BundleTensors {

  /** float32 [batch, samples] at the bundle's sample rate. */
  public static final String WAVEFORM = "waveform";
  /** float32 [batch, embedding_dim], unit norm: the MuLan towers' output. */
  public static final String EMBEDDING = "embedding";
  /** int64 [batch, tokens]. */
  public static final String INPUT_IDS = "input_ids";
  /** int64 [batch, tokens], 1 for real tokens. */
  public static final String ATTENTION_MASK = "attention_mask";
  /** int64 [batch, tokens], zeros; only where the text backbone asks for it. */
  public static final String TOKEN_TYPE_IDS = "token_type_ids";
  /** float32 [batch, tokens, backbone_dim]: the backbone's output fed to the MuLan text graph. */
  public static final String HIDDEN_STATES = "hidden_states";
  /** The usual name of a HuggingFace text encoder's output. */
  public static final String LAST_HIDDEN_STATE = "last_hidden_state";

  /** Text input modes of {@link BundleManifest.Text#input()}. */
  public static final String TEXT_INPUT_TOKEN_IDS = "token_ids";

  public static final String TEXT_INPUT_HIDDEN_STATES = "hidden_states";

  private static final String HIDDEN_STATE_PREFIX = "hidden_state_";

  private BundleTensors() {}

  /** The MuQ encoder's output of layer {@code layer} (0 is the embedding layer). */
  public static String hiddenState(int layer) {
    return HIDDEN_STATE_PREFIX + layer;
  }
}
