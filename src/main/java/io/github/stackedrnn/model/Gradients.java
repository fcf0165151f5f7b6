package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

import java.util.List;

/**
 * The loss of a batch and its gradients with respect to every weight, aligned with
 * {@link StackedRnnModel#getWeights()}, and with respect to the input. Immutable. A
 * {@link io.github.stackedrnn.layer.NormalizationLayer}'s statistics are constants to training (Keras
 * leaves them out of {@code trainable_weights}): their gradients are zeros; the input gradient is that of
 * the raw input, through the standardisation.
 *
 * <pre>{@code
 * Gradients g = model.computeGradients(x, labels);   // what tf.GradientTape gives; changes nothing
 * double loss = g.loss();
 * for (int i = 0; i < g.size(); i++) {
 *     System.out.println(g.name(i) + " " + g.get(i));     // same order and shapes as getWeights()
 * }
 * Tensor dx = g.input();                                 // d loss / d x, [batch, time, features]
 * }</pre>
 */
public final class Gradients {
    private final double loss;
    private final List<String> names;
    private final List<Tensor> weights;
    private final Tensor input;

    Gradients(double loss, List<String> names, List<Tensor> weights, Tensor input) {
        this.loss = loss;
        this.names = List.copyOf(names);
        this.weights = List.copyOf(weights);
        this.input = input;
    }

    /** @return the mean loss of the batch at the current weights */
    public double loss() {
        return loss;
    }

    /**
     * @param index a weight index, as in {@link StackedRnnModel#getWeights()}
     * @return {@code d loss / d weight}, shaped like that weight
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public Tensor get(int index) {
        return weights.get(index);
    }

    /**
     * @param index a weight index
     * @return that weight's name, such as {@code simple_rnn/recurrent_kernel}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    public String name(int index) {
        return names.get(index);
    }

    /** @return how many weight gradients there are */
    public int size() {
        return weights.size();
    }

    /** @return every weight gradient, in {@link StackedRnnModel#getWeights()} order */
    public List<Tensor> asList() {
        return weights;
    }

    /** @return {@code d loss / d x}, shaped like the input {@code [batch, time, features]} */
    public Tensor input() {
        return input;
    }
}
