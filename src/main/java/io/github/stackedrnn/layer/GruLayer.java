package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * A gated recurrent unit layer, Keras's {@code GRU}: update gate {@code z}, reset gate {@code r} and
 * candidate {@code ĥ}, in Keras's column order z, r, h; {@code h_t = z ⊙ h_(t-1) + (1 - z) ⊙ ĥ}, from
 * {@code h_0 = 0}. With {@link #resetAfter()} (the default of Keras 3 and tf.keras 2, and PyTorch's
 * {@code nn.GRU}): {@code ĥ = tanh(x·W_h + b_h + r ⊙ (h_(t-1)·U_h + b'_h))}; without it:
 * {@code ĥ = tanh(x·W_h + b_h + (r ⊙ h_(t-1))·U_h)}.
 *
 * <p>Weights, in Keras's {@code get_weights()} order: {@code kernel [in, 3·units]},
 * {@code recurrent_kernel [units, 3·units]}, and {@code bias [2, 3·units]} (row 0 the input bias, row 1
 * the recurrent one) with {@code resetAfter}, {@code bias [3·units]} without.
 *
 * <pre>{@code
 * GruLayer layer = GruLayer.builder(64).build();                   // GRU(64)
 * GruLayer v1 = GruLayer.builder(64).resetAfter(false).build();    // GRU(64, reset_after=False)
 * }</pre>
 */
public final class GruLayer implements RecurrentLayer {
    private final int units;
    private final Activation activation;
    private final GateActivation recurrentActivation;
    private final boolean returnSequences;
    private final boolean goBackwards;
    private final boolean useBias;
    private final boolean resetAfter;
    private final Initializer kernelInitializer;
    private final Initializer recurrentInitializer;
    private final String name;
    private final double dropout;
    private final double recurrentDropout;
    private final double kernelL2;
    private final double recurrentL2;
    private final double biasL2;

    private GruLayer(Builder b) {
        this.units = b.units;
        this.activation = b.activationOrDefault();
        this.recurrentActivation = b.recurrentActivationOrDefault();
        this.returnSequences = b.returnSequencesOrDefault();
        this.goBackwards = b.goBackwardsOrDefault();
        this.useBias = b.useBiasOrDefault();
        this.resetAfter = b.resetAfter == null || b.resetAfter;
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
     * Starts a layer of {@code units} hidden units with Keras's defaults: tanh, sigmoid gates, no
     * sequence output, bias, glorot_uniform kernel, orthogonal recurrent kernel.
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

    /** @return the activation of the candidate {@code ĥ} (Keras's {@code activation}) */
    public Activation activation() {
        return activation;
    }

    /** @return the gates' function (Keras's {@code recurrent_activation}) */
    public GateActivation recurrentActivation() {
        return recurrentActivation;
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

    /** @return true if the reset gate multiplies the recurrent product (Keras's {@code reset_after}, the default), false if it multiplies the state before it */
    public boolean resetAfter() {
        return resetAfter;
    }

    /** @return how the kernel {@code [in, 3·units]} is initialised */
    public Initializer kernelInitializer() {
        return kernelInitializer;
    }

    /** @return how the recurrent kernel {@code [units, 3·units]} is initialised */
    public Initializer recurrentInitializer() {
        return recurrentInitializer;
    }

    /**
     * @return the fraction of the input features dropped in training: one mask per sequence
     *         ({@code [batch, in]}) shared by all gates and reused at every step, as Keras 3 draws it,
     *         kept values scaled by {@code 1 / (1 - rate)}; 0 for none
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

    /** @return {@code "GRU"} */
    @Override
    public String kerasType() {
        return "GRU";
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GruLayer)) {
            return false;
        }
        GruLayer l = (GruLayer) o;
        return units == l.units && activation == l.activation && recurrentActivation == l.recurrentActivation
                && returnSequences == l.returnSequences && goBackwards == l.goBackwards
                && useBias == l.useBias && resetAfter == l.resetAfter
                && kernelInitializer == l.kernelInitializer && recurrentInitializer == l.recurrentInitializer
                && Objects.equals(name, l.name) && dropout == l.dropout && recurrentDropout == l.recurrentDropout
                && kernelL2 == l.kernelL2 && recurrentL2 == l.recurrentL2 && biasL2 == l.biasL2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, goBackwards, activation, recurrentActivation, returnSequences, useBias, resetAfter, kernelInitializer,
                recurrentInitializer, name, dropout, recurrentDropout, kernelL2, recurrentL2, biasL2);
    }

    @Override
    public String toString() {
        return "GruLayer{units=" + units + ", activation=" + activation + ", recurrentActivation=" + recurrentActivation
                + ", returnSequences=" + returnSequences + ", useBias=" + useBias + ", resetAfter=" + resetAfter
                + ", kernelInitializer=" + kernelInitializer + ", recurrentInitializer=" + recurrentInitializer
                + (dropout == 0 ? "" : ", dropout=" + dropout) + (recurrentDropout == 0 ? "" : ", recurrentDropout=" + recurrentDropout)
                + (kernelL2 == 0 ? "" : ", kernelL2=" + kernelL2) + (recurrentL2 == 0 ? "" : ", recurrentL2=" + recurrentL2)
                + (biasL2 == 0 ? "" : ", biasL2=" + biasL2) + (goBackwards ? ", goBackwards=true" : "")
                + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link GruLayer}. Each setting may be made once. */
    public static final class Builder extends GatedLayerBuilder<Builder, GruLayer> {
        private Boolean resetAfter;

        private Builder(int units) {
            super(units, "a GruLayer", 3);
        }

        /**
         * @param value false for the original GRU, the reset gate applied to the state before the recurrent product
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder resetAfter(boolean value) {
            Checks.once("resetAfter", resetAfter);
            resetAfter = value;
            return this;
        }

        /** @return the layer; the builder is unchanged and may build again */
        @Override
        public GruLayer build() {
            return new GruLayer(this);
        }
    }
}
