package ai.muq.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Downloads exactly what converting a released MuQ or MuQ-MuLan checkpoint needs: config.json, the
 * model card (README.md, for the licence) and one set of weights ({@code model.safetensors}, else
 * a sharded safetensors index and its shards, else {@code pytorch_model.bin}). For MuQ-MuLan it
 * follows the sub-models its config.json names: the audio model's config.json, and the text
 * model's config.json and tokenizer.json (a legacy id such as {@code xlm-roberta-base} resolves as
 * the hub resolves it). The kind is checked from config.json before any weights are fetched.
 */
public final class ReleaseDownload {

  /**
   * A downloaded release, laid out for the importer.
   *
   * @param dir the snapshot folder of the release (config.json, weights, README.md)
   * @param audioConfig MuQ-MuLan: the audio model's config.json, else null
   * @param textConfig MuQ-MuLan: the text model's config.json, else null
   * @param tokenizer MuQ-MuLan: the text model's tokenizer.json, else null
   * @param repo the release's repo
   * @param commit the commit its revision resolved to
   * @param license the model card's licence, or null
   */
  public record Release(
      Path dir, Path audioConfig, Path textConfig, Path tokenizer, String repo, String commit, String license) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HubClient hub;
  private final Consumer<String> log;

  public ReleaseDownload(HubClient hub, Consumer<String> log) {
    this.hub = hub;
    this.log = log;
  }

  /**
   * Resolves and downloads a release.
   *
   * @throws HubException for anything the hub or the cache refuses, or a repo that is not a MuQ
   *     release, in one line
   */
  public Release fetch(HubRef ref) throws IOException {
    HubClient.Revision rev = hub.resolve(ref);
    log.accept("resolved " + ref + " to commit " + rev.commit());
    if (!rev.files().contains("config.json")) {
      throw new HubException(ref + " has no config.json; it is not a MuQ or MuQ-MuLan release");
    }
    Path config = hub.download(ref.repo(), rev.commit(), "config.json");
    JsonNode c = readJson(config, ref);
    boolean mulan = c.has("mulan") && c.has("audio_model") && c.has("text_model");
    boolean muq = c.has("w2v2_config") && c.has("encoder_dim");
    if (!mulan && !muq) {
      throw new HubException(
          ref + " is not a MuQ release: its config.json has neither w2v2_config/encoder_dim (MuQ) nor"
              + " mulan/audio_model/text_model (MuQ-MuLan)");
    }
    Path readme = rev.files().contains("README.md") ? hub.download(ref.repo(), rev.commit(), "README.md") : null;
    Path audioConfig = null;
    Path textConfig = null;
    Path tokenizer = null;
    if (mulan) {
      String audioName = c.path("audio_model").path("name").asText("");
      String textName = c.path("text_model").path("name").asText("");
      audioConfig = subModelFile(ref, "audio", audioName, List.of("config.json")).getFirst();
      List<Path> text = subModelFile(ref, "text", textName, List.of("config.json", "tokenizer.json"));
      textConfig = text.get(0);
      tokenizer = text.get(1);
    }
    for (String weights : weightFiles(ref, rev)) {
      hub.download(ref.repo(), rev.commit(), weights);
    }
    Path dir = hub.cache().snapshotDir(ref.repo(), rev.commit());
    return new Release(dir, audioConfig, textConfig, tokenizer, ref.repo(), rev.commit(), ModelCard.license(readme));
  }

  /** One set of weights, in the importer's order of preference. */
  private List<String> weightFiles(HubRef ref, HubClient.Revision rev) throws IOException {
    List<String> files = rev.files();
    if (files.contains("model.safetensors")) {
      return List.of("model.safetensors");
    }
    if (files.contains("model.safetensors.index.json")) {
      Path index = hub.download(ref.repo(), rev.commit(), "model.safetensors.index.json");
      Set<String> shards = new LinkedHashSet<>();
      for (Iterator<JsonNode> it = readJson(index, ref).path("weight_map").elements(); it.hasNext(); ) {
        shards.add(it.next().asText());
      }
      if (shards.isEmpty()) {
        throw new HubException(ref + ": model.safetensors.index.json has no weight_map");
      }
      return new ArrayList<>(shards);
    }
    if (files.contains("pytorch_model.bin")) {
      return List.of("pytorch_model.bin");
    }
    throw new HubException(ref + " has no model.safetensors or pytorch_model.bin");
  }

  /** Downloads files of a sub-model named by config.json, at its default revision. */
  private List<Path> subModelFile(HubRef parent, String role, String name, List<String> files) throws IOException {
    HubRef sub;
    try {
      sub = new HubRef(name, HubRef.DEFAULT_REVISION);
    } catch (IllegalArgumentException e) {
      throw new HubException(parent + ": config.json names the " + role + " model '" + name + "', which is not a hub id");
    }
    HubClient.Revision rev = hub.resolve(sub);
    log.accept("resolved the " + role + " model " + sub + " to commit " + rev.commit());
    List<Path> paths = new ArrayList<>();
    for (String f : files) {
      if (!hub.settings().offline() && !rev.files().contains(f)) {
        throw new HubException(sub + " (the " + role + " model " + parent + " names) has no " + f);
      }
      paths.add(hub.download(sub.repo(), rev.commit(), f));
    }
    return paths;
  }

  private static JsonNode readJson(Path file, HubRef ref) throws HubException {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new HubException(ref + ": " + file.getFileName() + " is not valid JSON");
    }
  }
}
