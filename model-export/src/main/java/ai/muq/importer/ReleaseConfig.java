package ai.muq.importer;

import ai.muq.model.text.XlmRobertaConfig;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The configuration of a downloaded release directory, detected from its config.json: a MuQ
 * encoder (MuQ-large-msd-iter) or a MuQ-MuLan joint embedding model (MuQ-MuLan-large).
 */
public sealed interface ReleaseConfig {

  /** A MuQ encoder release. */
  record Muq(MuqCheckpointConfig muq) implements ReleaseConfig {}

  /** A MuQ-MuLan release. */
  record MuqMulan(MulanCheckpointConfig mulan) implements ReleaseConfig {}

  /**
   * Reads {@code dir/config.json} and resolves MuQ-MuLan's sub-model configurations: the given
   * files first, else the built-in copies chosen by the names config.json gives.
   *
   * @param audioConfig a MuQ config.json for MuQ-MuLan's audio model, or null
   * @param textConfig an XLM-RoBERTa config.json for MuQ-MuLan's text model, or null
   * @throws CheckpointException for an unknown kind, an unknown sub-model name without its flag, or
   *     a config field that is missing or unsupported, in one line
   */
  static ReleaseConfig load(Path dir, Path audioConfig, Path textConfig) throws CheckpointException {
    Path file = dir.resolve("config.json");
    JsonConfig c = JsonConfig.read(file);
    if (MulanCheckpointConfig.looksLike(c)) {
      return new MuqMulan(mulan(c, audioConfig, textConfig));
    }
    if (MuqCheckpointConfig.looksLike(c)) {
      if (audioConfig != null || textConfig != null) {
        throw new CheckpointException(
            file + " is a MuQ encoder configuration; --audio-config and --text-config apply only to"
                + " MuQ-MuLan");
      }
      return new Muq(MuqCheckpointConfig.parse(c));
    }
    throw new CheckpointException(
        file + " is neither a MuQ config (with w2v2_config, encoder_dim) nor a MuQ-MuLan config"
            + " (with mulan, audio_model, text_model)");
  }

  private static MulanCheckpointConfig mulan(JsonConfig c, Path audioFile, Path textFile)
      throws CheckpointException {
    JsonConfig top = c.object("mulan");
    JsonConfig audioModel = c.object("audio_model");
    JsonConfig textModel = c.object("text_model");
    String audioName = audioModel.text("name");
    String textName = textModel.text("name");

    JsonConfig audioJson;
    if (audioFile != null) {
      audioJson = JsonConfig.read(audioFile);
      if (!MuqCheckpointConfig.looksLike(audioJson)) {
        throw new CheckpointException(audioFile + " (--audio-config) is not a MuQ config.json");
      }
    } else if (matches(audioName, MuqCheckpointConfig.BUILT_IN_NAME)) {
      audioJson = JsonConfig.resource("MuQ-large-msd-iter.json");
    } else {
      throw new CheckpointException(
          c.source() + " names the audio model '" + audioName + "', which has no built-in"
              + " configuration; pass that model's config.json with --audio-config");
    }
    if (!audioName.toLowerCase(Locale.ROOT).contains("muq")) {
      throw new CheckpointException(
          c.source() + " names the audio model '" + audioName + "'; only MuQ audio models are supported");
    }
    JsonConfig textJson;
    if (textFile != null) {
      textJson = JsonConfig.read(textFile);
    } else if (matches(textName, XlmRobertaJson.BUILT_IN_NAME)) {
      textJson = JsonConfig.resource("xlm-roberta-base.json");
    } else {
      throw new CheckpointException(
          c.source() + " names the text model '" + textName + "', which has no built-in"
              + " configuration; pass that model's config.json with --text-config");
    }
    if (!textName.toLowerCase(Locale.ROOT).contains("xlm-roberta")) {
      throw new CheckpointException(
          c.source() + " names the text model '" + textName + "'; only XLM-RoBERTa text models are"
              + " supported");
    }
    MuqCheckpointConfig audio = MuqCheckpointConfig.parse(audioJson);
    XlmRobertaConfig text = XlmRobertaJson.parse(textJson);
    MulanCheckpointConfig.Tower audioTower =
        MulanCheckpointConfig.Tower.parse(c.object("audio_transformer"));
    MulanCheckpointConfig.Tower textTower =
        MulanCheckpointConfig.Tower.parse(c.object("text_transformer"));
    int audioModelDim = audioModel.integer("model_dim", audio.encoderDim());
    Integer textModelDim = textModel.optionalInteger("model_dim");
    int layerIndex = audioModel.integer("use_layer_idx", -1);

    if (audioModelDim != audio.encoderDim()) {
      throw c.invalid(
          "audio_model.model_dim " + audioModelDim + " differs from the MuQ model's encoder_dim "
              + audio.encoderDim());
    }
    if (layerIndex < -(audio.encoderDepth() + 1) || layerIndex > audio.encoderDepth()) {
      throw c.invalid("audio_model.use_layer_idx " + layerIndex + " is outside MuQ's hidden states");
    }
    int textWidth = textModelDim == null ? text.hiddenSize() : textModelDim;
    if (textWidth != text.hiddenSize()) {
      throw c.invalid(
          "text_model.model_dim " + textModelDim + " differs from the text model's hidden_size "
              + text.hiddenSize());
    }
    if (textModelDim == null && textTower.dim() != text.hiddenSize()) {
      throw c.invalid(
          "text_transformer.dim " + textTower.dim() + " differs from the text model's hidden_size "
              + text.hiddenSize() + " and text_model.model_dim gives no projection");
    }
    return new MulanCheckpointConfig(
        top.integer("sr", 24000),
        top.number("clip_secs", 10),
        top.integer("dim_latent"),
        audioName,
        audioModelDim,
        layerIndex,
        textName,
        textModelDim,
        audioTower,
        textTower,
        audio,
        text);
  }

  /** Whether a name from config.json denotes a built-in model: the full id or its last part. */
  private static boolean matches(String name, String builtIn) {
    String n = name.strip();
    String last = builtIn.substring(builtIn.lastIndexOf('/') + 1);
    return n.equalsIgnoreCase(builtIn)
        || n.equalsIgnoreCase(last)
        || n.toLowerCase(Locale.ROOT).endsWith("/" + last.toLowerCase(Locale.ROOT));
  }
}
