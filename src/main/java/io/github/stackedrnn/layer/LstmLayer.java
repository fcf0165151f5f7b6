package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * A long short-term memory layer, Keras's {@code LSTM}: with gates {@code i, f, o = σ(·)} and the
 * candidate {@code g = tanh(·)}, each of {@code x_t·kernel + h_(t-1)·recurrent_kernel + bias} on its
 * block of columns, {@code c_t = f ⊙ c_(t-1) + i ⊙ g} and {@code h_t = o ⊙ tanh(c_t)}, from
 * {@code h_0 = c_0 = 0}.
 *
 * <p>Input {@code [batch, time, in]}; output {@code [batch, time, units]} with
 * {@link #returnSequences()}, otherwise the last state {@code [batch, units]}. Weights, in Keras's
 * {@code get_weights()} order: {@code kernel [in, 4·units]}, {@code recurrent_kernel [units, 4·units]},
 * {@code bias [4·units]}, each with the gates' column blocks in Keras's order i, f, c, o. The states
 * are h and c (a streaming {@code RnnState} carries both).
 *
 * <pre>{@code
 * LstmLayer layer = LstmLayer.builder(128).returnSequences(true).build(); // LSTM(128, return_sequences=True)
 * }</pre>
 */
public final class LstmLayer implements RecurrentLayer {
    private final int units;
    private final Activation activation;
    private final GateActivation recurrentActivation;
    private final boolean returnSequences;
    private final boolean goBackwards;
    private final boolean useBias;
    private final boolean unitForgetBias;
    private final Initializer kernelInitializer;
    private final Initializer recurrentInitializer;
    private final String name;
    private final double dropout;
    private final double recurrentDropout;
    private final double kernelL2;
    private final double recurrentL2;
    private final double biasL2;

    private LstmLayer(Builder b) {
        this.units = b.units;
        this.activation = b.activationOrDefault();
        this.recurrentActivation = b.recurrentActivationOrDefault();
        this.returnSequences = b.returnSequencesOrDefault();
        this.goBackwards = b.goBackwardsOrDefault();
        this.useBias = b.useBiasOrDefault();
        this.unitForgetBias = b.unitForgetBias == null || b.unitForgetBias;
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
     * sequence output, bias, glorot_uniform kernel, orthogonal recurrent kernel, forget bias 1.
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

    /** @return the activation of the candidates {@code g} and of the output {@code tanh(c)} (Keras's {@code activation}) */
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

    /** @return true if the forget gate's bias block starts at 1 (Keras's {@code unit_forget_bias}), the rest of the bias at 0 */
    public boolean unitForgetBias() {
        return unitForgetBias;
    }

    /** @return how the kernel {@code [in, 4·units]} is initialised */
    public Initializer kernelInitializer() {
        return kernelInitializer;
    }

    /** @return how the recurrent kernel {@code [units, 4·units]} is initialised */
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

    /** @return {@code "LSTM"} */
    @Override
    public String kerasType() {
        return "LSTM";
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LstmLayer)) {
            return false;
        }
        LstmLayer l = (LstmLayer) o;
        return units == l.units && activation == l.activation && recurrentActivation == l.recurrentActivation
                && returnSequences == l.returnSequences && goBackwards == l.goBackwards
                && useBias == l.useBias && unitForgetBias == l.unitForgetBias
                && kernelInitializer == l.kernelInitializer && recurrentInitializer == l.recurrentInitializer
                && Objects.equals(name, l.name) && dropout == l.dropout && recurrentDropout == l.recurrentDropout
                && kernelL2 == l.kernelL2 && recurrentL2 == l.recurrentL2 && biasL2 == l.biasL2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, goBackwards, activation, recurrentActivation, returnSequences, useBias, unitForgetBias, kernelInitializer,
                recurrentInitializer, name, dropout, recurrentDropout, kernelL2, recurrentL2, biasL2);
    }

    @Override
    public String toString() {
        return "LstmLayer{units=" + units + ", activation=" + activation + ", recurrentActivation=" + recurrentActivation
                + ", returnSequences=" + returnSequences + ", useBias=" + useBias + ", unitForgetBias=" + unitForgetBias
                + ", kernelInitializer=" + kernelInitializer + ", recurrentInitializer=" + recurrentInitializer
                + (dropout == 0 ? "" : ", dropout=" + dropout) + (recurrentDropout == 0 ? "" : ", recurrentDropout=" + recurrentDropout)
                + (kernelL2 == 0 ? "" : ", kernelL2=" + kernelL2) + (recurrentL2 == 0 ? "" : ", recurrentL2=" + recurrentL2)
                + (biasL2 == 0 ? "" : ", biasL2=" + biasL2) + (goBackwards ? ", goBackwards=true" : "")
                + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link LstmLayer}. Each setting may be made once. */
    public static final class Builder extends GatedLayerBuilder<Builder, LstmLayer> {
        private Boolean unitForgetBias;

        private Builder(int units) {
            super(units, "an LstmLayer", 4);
        }

        /**
         * @param value true (default) to start the forget gate's bias at 1
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder unitForgetBias(boolean value) {
            Checks.once("unitForgetBias", unitForgetBias);
            unitForgetBias = value;
            return this;
        }

        /** @return the layer; the builder is unchanged and may build again */
        @Override
        public LstmLayer build() {
            return new LstmLayer(this);
        }
    }
}
