package ai.muq.model;

import java.util.List;

/** A model part: it declares its parameters and is run through an {@link Ops}. */
public interface Module {

  /** Every parameter and buffer of this part and its children, in a stable order. */
  List<ParamSpec> params();

  /** Total number of trainable values. */
  default long parameterCount() {
    return params().stream().filter(ParamSpec::trainable).mapToLong(ParamSpec::size).sum();
  }
}
