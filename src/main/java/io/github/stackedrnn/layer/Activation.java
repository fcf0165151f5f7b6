package io.github.stackedrnn.layer;

/**
 * An activation: {@code f} of a recurrent layer, {@code h_t = f(x_t·W + b + h_(t-1)·U)} (TANH, RELU or
 * LINEAR), or the output function of a {@link DenseLayer} head (any of them).
 *
 * <pre>{@code
 * SimpleRnnLayer.builder(32).activation(Activation.RELU).build();            // SimpleRNN(32, activation='relu')
 * DenseLayer.builder(1).activation(Activation.SIGMOID).build();             // Dense(1, activation='sigmoid')
 * }</pre>
 */
public enum Activation {
    /** {@code tanh}, Keras's default for {@code SimpleRNN}. */
    TANH("tanh"),
    /** {@code max(x, 0)}; with {@link Initializer#IDENTITY} recurrent weights, the IRNN of Le et al. (2015). */
    RELU("relu"),
    /** The identity, {@code f(x) = x}. */
    LINEAR("linear"),
    /** {@code 1 / (1 + exp(-x))}, for binary or multi-label outputs; heads only. */
    SIGMOID("sigmoid"),
    /** {@code exp(x_k) / Σ_j exp(x_j)} over a row, for class probabilities; heads only. */
    SOFTMAX("softmax");

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** @return the name Keras uses for this activation, such as {@code "tanh"} */
    public String kerasName() {
        return kerasName;
    }
}
