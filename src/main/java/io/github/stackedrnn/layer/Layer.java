package io.github.stackedrnn.layer;

import java.util.Optional;

/**
 * A layer configuration that a {@link io.github.stackedrnn.model.StackedRnnModel} can stack.
 * Implementations are immutable.
 *
 * <pre>{@code
 * List<Layer> stack = List.of(SimpleRnnLayer.builder(32).returnSequences(true).build(),
 *         SimpleRnnLayer.builder(32).build(), DenseLayer.builder(1).build());
 * StackedRnnModel.Builder builder = StackedRnnModel.builder().inputFeatures(3);
 * stack.forEach(builder::add);
 * }</pre>
 */
public sealed interface Layer permits RecurrentLayer, DenseSoftmaxLayer, DenseLayer, NormalizationLayer, DropoutLayer {
    /** @return the name given with the builder, or empty to let the model name it as Keras would */
    Optional<String> name();

    /** @return Keras's class name for this layer, shown in the summary: {@code SimpleRNN} or {@code Dense} */
    String kerasType();

    /** @return the width of this layer's output: units or classes; 0 for a {@link DropoutLayer}, as wide as its input */
    int outputSize();
}
