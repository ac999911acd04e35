package ai.muq.importer;

import ai.muq.model.mulan.MulanModel;
import ai.muq.model.muq.MuqModel;
import ai.muq.model.text.XlmRobertaEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The tensors a released checkpoint carries that inference never uses, each with the reason it is
 * skipped. Everything else in a checkpoint must be a parameter the model declares: an unknown key
 * fails the import rather than being dropped silently.
 */
public final class ReleasedLayout {

  /** Checkpoint keys matching {@code pattern} are skipped for {@code reason}. */
  public record SkipRule(Pattern pattern, String reason) {
    static SkipRule prefix(String prefix, String reason) {
      return new SkipRule(Pattern.compile(Pattern.quote(prefix) + ".*"), reason);
    }

    public boolean matches(String key) {
      return pattern.matcher(key).matches();
    }
  }

  private ReleasedLayout() {}

  /** The unused tensors of a MuQ model whose keys start with {@code prefix} (e.g. {@code model.}). */
  public static List<SkipRule> muqSkips(String prefix) {
    String q = Pattern.quote(prefix);
    List<SkipRule> rules = new ArrayList<>();
    rules.add(SkipRule.prefix(prefix + "conformer.pos_conv_embed.",
        "positional conv embedding (unused: positions are rotary)"));
    rules.add(SkipRule.prefix(prefix + "conformer.embed_positions.",
        "rotary frequency buffer (recomputed from the config)"));
    rules.add(SkipRule.prefix(prefix + "quantizer_", "quantizer tensors (pre-training targets only)"));
    rules.add(SkipRule.prefix(prefix + "rvq.", "quantizer tensors (pre-training targets only)"));
    rules.add(SkipRule.prefix(prefix + "linear.", "prediction head (pre-training only, not the encoder)"));
    rules.add(SkipRule.prefix(prefix + "recon_proj.", "mel reconstruction head (pre-training only)"));
    rules.add(new SkipRule(Pattern.compile(q + "cls_token"), "cls token (unused by the encoder's forward)"));
    rules.add(new SkipRule(Pattern.compile(q + ".*\\.num_batches_tracked"),
        "batch-norm step counters (unused at inference)"));
    return rules;
  }

  /** The unused tensors of MuQ-large-msd-iter. */
  public static List<SkipRule> muq() {
    return muqSkips(MuqModel.RELEASED_PREFIX);
  }

  /** The unused tensors of MuQ-MuLan-large (its MuQ's included). */
  public static List<SkipRule> mulan() {
    List<SkipRule> rules = new ArrayList<>(muqSkips(MulanModel.PREFIX + "audio.model.model."));
    rules.add(SkipRule.prefix(MulanModel.PREFIX + "audio.aggregator.",
        "audio aggregator conv (unused by the reference's forward)"));
    String text = XlmRobertaEncoder.MULAN_PREFIX;
    rules.add(SkipRule.prefix(text + "pooler.", "text pooler (the tower reads the last hidden state)"));
    rules.add(new SkipRule(
        Pattern.compile(Pattern.quote(text + "embeddings.") + "(position_ids|token_type_ids)"),
        "index buffers (recomputed from the input)"));
    return rules;
  }
}
