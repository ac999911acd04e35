package ai.muq.inference;

import java.util.List;

/**
 * One model execution over a batch: what a {@link MicroBatcher} calls. Implementations run the
 * ONNX graph (or, in tests, an in-process function); they must return exactly one output per
 * input, in input order, and must give each item the result it would get alone.
 */
@FunctionalInterface
public interface BatchFunction<I, O> {

  List<O> apply(List<I> items) throws Exception;
}
