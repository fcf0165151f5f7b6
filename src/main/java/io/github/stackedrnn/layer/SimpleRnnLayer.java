package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * A fully connected recurrent layer, Keras's {@code SimpleRNN}:
 * {@code h_t = f(x_t·kernel + bias + h_(t-1)·recurrent_kernel)} with {@code h_0 = 0}.
 *
 * <p>Input {@code [batch, time, in]}; output {@code [batch, time, units]} with
 * {@link #returnSequences()}, otherwise the last state {@code [batch, units]}. Weights, in Keras's
 * {@code get_weights()} order: {@code kernel [in, units]}, {@code recurrent_kernel [units, units]},
 * {@code bias [units]} (absent without {@link #useBias()}).
 *
 * <pre>{@code
 * SimpleRnnLayer layer = SimpleRnnLayer.builder(50).returnSequences(true).build();
 * }</pre>
 */
public final class SimpleRnnLayer implements RecurrentLayer {
    private final int units;
    private final Activation activation;
    private final boolean returnSequences;
    private final boolean goBackwards;
    private final boolean useBias;
    private final Initializer kernelInitializer;
    private final Initializer recurrentInitializer;
    private final String name;
    private final double dropout;
    private final double recurrentDropout;
    private final double kernelL2;
    private final double recurrentL2;
    private final double biasL2;

    private SimpleRnnLayer(Builder b) {
        this.units = b.units;
        this.activation = b.activationOrDefault();
        this.returnSequences = b.returnSequencesOrDefault();
        this.goBackwards = b.goBackwardsOrDefault();
        this.useBias = b.useBiasOrDefault();
        this.kernelInitializer = b.kernelInitializerOrDefault();
        this.recurrentInitializer = b.recurrentInitializerOrDefault();
        this.name = b.name;
        this.dropout = Builder.orZero(b.dropout);
        this.recurrentDropout = Builder.orZero(b.recurrentDropout);
        this.kernelL2 = Builder.orZero(b.kernelL2);
        this.recurrentL2 = Builder.orZero(b.recurrentL2);
        this.biasL2 = Builder.orZero(b.biasL2);
    }

    /**
     * Starts a layer of {@code units} hidden units with Keras's defaults: tanh, no sequence output,
     * bias, glorot_uniform kernel, orthogonal recurrent kernel.
     *
     * @param units the width of the hidden state
     * @return a new builder
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public static Builder builder(int units) {
        return new Builder(Checks.positive("units", units));
    }

    /** @return the number of hidden units */
    public int units() {
        return units;
    }

    /** @return the activation {@code f} */
    public Activation activation() {
        return activation;
    }

    /** @return true if the layer outputs its whole hidden sequence, false if only the last state */
    public boolean returnSequences() {
        return returnSequences;
    }

    /**
     * @return true if the layer reads its input from the last step to the first (Keras's
     *         {@code go_backwards}); its sequence output is then in reading order, as Keras's
     */
    @Override
    public boolean goBackwards() {
        return goBackwards;
    }

    /** @return true if the layer has a bias */
    public boolean useBias() {
        return useBias;
    }

    /** @return how the kernel {@code [in, units]} is initialised */
    public Initializer kernelInitializer() {
        return kernelInitializer;
    }

    /** @return how the recurrent kernel {@code [units, units]} is initialised */
    public Initializer recurrentInitializer() {
        return recurrentInitializer;
    }

    /**
     * @return the fraction of the input features dropped in training, with Keras's semantics: one mask
     *         per sequence ({@code [batch, in]}), reused at every step, kept values scaled by
     *         {@code 1 / (1 - rate)}; 0 for none
     */
    public double dropout() {
        return dropout;
    }

    /** @return the fraction of the previous state {@code h_(t-1)} dropped in training, one mask per sequence; 0 for none */
    public double recurrentDropout() {
        return recurrentDropout;
    }

    /** @return the L2 penalty factor on the kernel ({@code factor · Σ w²} added to the loss); 0 for none */
    public double kernelL2() {
        return kernelL2;
    }

    /** @return the L2 penalty factor on the recurrent kernel; 0 for none */
    public double recurrentL2() {
        return recurrentL2;
    }

    /** @return the L2 penalty factor on the bias; 0 for none */
    public double biasL2() {
        return biasL2;
    }

    @Override
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public String kerasType() {
        return "SimpleRNN";
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SimpleRnnLayer)) {
            return false;
        }
        SimpleRnnLayer l = (SimpleRnnLayer) o;
        return units == l.units && activation == l.activation && returnSequences == l.returnSequences
                && goBackwards == l.goBackwards
                && useBias == l.useBias && kernelInitializer == l.kernelInitializer
                && recurrentInitializer == l.recurrentInitializer && Objects.equals(name, l.name)
                && dropout == l.dropout && recurrentDropout == l.recurrentDropout && kernelL2 == l.kernelL2
                && recurrentL2 == l.recurrentL2 && biasL2 == l.biasL2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, goBackwards, activation, returnSequences, useBias, kernelInitializer, recurrentInitializer, name,
                dropout, recurrentDropout, kernelL2, recurrentL2, biasL2);
    }

    @Override
    public String toString() {
        return "SimpleRnnLayer{units=" + units + ", activation=" + activation + ", returnSequences=" + returnSequences
                + ", useBias=" + useBias + ", kernelInitializer=" + kernelInitializer
                + ", recurrentInitializer=" + recurrentInitializer
                + (dropout == 0 ? "" : ", dropout=" + dropout) + (recurrentDropout == 0 ? "" : ", recurrentDropout=" + recurrentDropout)
                + (kernelL2 == 0 ? "" : ", kernelL2=" + kernelL2) + (recurrentL2 == 0 ? "" : ", recurrentL2=" + recurrentL2)
                + (biasL2 == 0 ? "" : ", biasL2=" + biasL2) + (goBackwards ? ", goBackwards=true" : "")
                + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link SimpleRnnLayer}. Each setting may be made once. */
    public static final class Builder extends RecurrentLayerBuilder<Builder, SimpleRnnLayer> {
        private Builder(int units) {
            super(units, "a SimpleRnnLayer", 1);
        }

        /** @return the layer; the builder is unchanged and may build again */
        @Override
        public SimpleRnnLayer build() {
            return new SimpleRnnLayer(this);
        }
    }
}
