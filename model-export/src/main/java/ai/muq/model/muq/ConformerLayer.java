package ai.muq.model.muq;

import ai.muq.model.Module;
import ai.muq.model.MuqConfig;
import ai.muq.model.Ops;
import ai.muq.model.ParamSpec;
import ai.muq.model.nn.LayerNorm;
import java.util.ArrayList;
import java.util.List;

/**
 * One Conformer layer: half-step FFN, rotary self-attention, convolution module, half-step FFN,
 * final LayerNorm, each with its pre-norm and residual.
 */
public record ConformerLayer(String prefix, MuqConfig config) implements Module {

  private LayerNorm norm(String name) {
    return LayerNorm.affine(prefix + "." + name, config.dim());
  }

  private ConformerFeedForward ffn(String name) {
    return new ConformerFeedForward(prefix + "." + name, config.dim(), config.ffnDim());
  }

  private ConformerSelfAttention attention() {
    return new ConformerSelfAttention(prefix + ".self_attn", config.dim(), config.heads());
  }

  private ConformerConvModule convModule() {
    return new ConformerConvModule(prefix + ".conv_module", config.dim());
  }

  @Override
  public List<ParamSpec> params() {
    List<ParamSpec> p = new ArrayList<>();
    p.addAll(norm("ffn1_layer_norm").params());
    p.addAll(ffn("ffn1").params());
    p.addAll(norm("self_attn_layer_norm").params());
    p.addAll(attention().params());
    p.addAll(convModule().params());
    p.addAll(norm("ffn2_layer_norm").params());
    p.addAll(ffn("ffn2").params());
    p.addAll(norm("final_layer_norm").params());
    return p;
  }

  public <T> T forward(Ops<T> ops, T x, RotaryEmbedding<T> rotary) {
    x = ops.add(x, ops.mulScalar(ffn("ffn1").forward(ops, norm("ffn1_layer_norm").forward(ops, x)), 0.5f));
    x = ops.add(x, attention().forward(ops, norm("self_attn_layer_norm").forward(ops, x), rotary));
    x = ops.add(x, convModule().forward(ops, x));
    x = ops.add(x, ops.mulScalar(ffn("ffn2").forward(ops, norm("ffn2_layer_norm").forward(ops, x)), 0.5f));
    return norm("final_layer_norm").forward(ops, x);
  }
}
