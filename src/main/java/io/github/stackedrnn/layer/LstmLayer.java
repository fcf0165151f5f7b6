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
        this.activation = b.activation == null ? Activation.TANH : b.activation;
        this.recurrentActivation = b.recurrentActivation == null ? GateActivation.SIGMOID : b.recurrentActivation;
        this.returnSequences = b.returnSequences != null && b.returnSequences;
        this.useBias = b.useBias == null || b.useBias;
        this.unitForgetBias = b.unitForgetBias == null ? true : b.unitForgetBias;
        this.kernelInitializer = b.kernelInitializer == null ? Initializer.GLOROT_UNIFORM : b.kernelInitializer;
        this.recurrentInitializer = b.recurrentInitializer == null ? Initializer.ORTHOGONAL : b.recurrentInitializer;
        this.name = b.name;
        this.dropout = b.dropout == null ? 0 : b.dropout;
        this.recurrentDropout = b.recurrentDropout == null ? 0 : b.recurrentDropout;
        this.kernelL2 = b.kernelL2 == null ? 0 : b.kernelL2;
        this.recurrentL2 = b.recurrentL2 == null ? 0 : b.recurrentL2;
        this.biasL2 = b.biasL2 == null ? 0 : b.biasL2;
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
                && returnSequences == l.returnSequences && useBias == l.useBias && unitForgetBias == l.unitForgetBias
                && kernelInitializer == l.kernelInitializer && recurrentInitializer == l.recurrentInitializer
                && Objects.equals(name, l.name) && dropout == l.dropout && recurrentDropout == l.recurrentDropout
                && kernelL2 == l.kernelL2 && recurrentL2 == l.recurrentL2 && biasL2 == l.biasL2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, activation, recurrentActivation, returnSequences, useBias, unitForgetBias, kernelInitializer,
                recurrentInitializer, name, dropout, recurrentDropout, kernelL2, recurrentL2, biasL2);
    }

    @Override
    public String toString() {
        return "LstmLayer{units=" + units + ", activation=" + activation + ", recurrentActivation=" + recurrentActivation
                + ", returnSequences=" + returnSequences + ", useBias=" + useBias + ", unitForgetBias=" + unitForgetBias
                + ", kernelInitializer=" + kernelInitializer + ", recurrentInitializer=" + recurrentInitializer
                + (dropout == 0 ? "" : ", dropout=" + dropout) + (recurrentDropout == 0 ? "" : ", recurrentDropout=" + recurrentDropout)
                + (kernelL2 == 0 ? "" : ", kernelL2=" + kernelL2) + (recurrentL2 == 0 ? "" : ", recurrentL2=" + recurrentL2)
                + (biasL2 == 0 ? "" : ", biasL2=" + biasL2) + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link LstmLayer}. Each setting may be made once. */
    public static final class Builder {
        private final int units;
        private Activation activation;
        private GateActivation recurrentActivation;
        private Boolean returnSequences;
        private Boolean useBias;
        private Boolean unitForgetBias;
        private Initializer kernelInitializer;
        private Initializer recurrentInitializer;
        private String name;
        private Double dropout;
        private Double recurrentDropout;
        private Double kernelL2;
        private Double recurrentL2;
        private Double biasL2;

        private Builder(int units) {
            this.units = units;
        }

        /**
         * @param value the candidate's activation: TANH (default), RELU or LINEAR
         * @return this builder
         * @throws IllegalArgumentException for SIGMOID or SOFTMAX (output functions)
         */
        public Builder activation(Activation value) {
            Checks.notNull("activation", value);
            if (value == Activation.SIGMOID || value == Activation.SOFTMAX) {
                throw new IllegalArgumentException("Received an invalid value for argument `activation`, expected TANH, RELU "
                        + "or LINEAR for an LstmLayer, got " + value + " (for the gates use recurrentActivation).");
            }
            Checks.once("activation", activation);
            activation = value;
            return this;
        }

        /**
         * @param value the gates' function: SIGMOID (default) or HARD_SIGMOID
         * @return this builder
         */
        public Builder recurrentActivation(GateActivation value) {
            Checks.notNull("recurrentActivation", value);
            Checks.once("recurrentActivation", recurrentActivation);
            recurrentActivation = value;
            return this;
        }

        /**
         * @param value true to output the state at every step ({@code [batch, time, units]})
         * @return this builder
         */
        public Builder returnSequences(boolean value) {
            Checks.once("returnSequences", returnSequences);
            returnSequences = value;
            return this;
        }

        /**
         * @param value false for a layer without bias
         * @return this builder
         */
        public Builder useBias(boolean value) {
            Checks.once("useBias", useBias);
            useBias = value;
            return this;
        }

        /**
         * @param value true (default) to start the forget gate's bias at 1
         * @return this builder
         */
        public Builder unitForgetBias(boolean value) {
            Checks.once("unitForgetBias", unitForgetBias);
            unitForgetBias = value;
            return this;
        }

        /**
         * @param value GLOROT_UNIFORM (default), ORTHOGONAL or ZEROS
         * @return this builder
         */
        public Builder kernelInitializer(Initializer value) {
            Checks.notNull("kernelInitializer", value);
            if (value == Initializer.IDENTITY) {
                throw new IllegalArgumentException("Received an invalid value for argument `kernelInitializer`, "
                        + "expected GLOROT_UNIFORM, ORTHOGONAL or ZEROS, got IDENTITY (the gate kernels are not square).");
            }
            Checks.once("kernelInitializer", kernelInitializer);
            kernelInitializer = value;
            return this;
        }

        /**
         * @param value ORTHOGONAL (default), GLOROT_UNIFORM or ZEROS
         * @return this builder
         */
        public Builder recurrentInitializer(Initializer value) {
            Checks.notNull("recurrentInitializer", value);
            if (value == Initializer.IDENTITY) {
                throw new IllegalArgumentException("Received an invalid value for argument `recurrentInitializer`, "
                        + "expected ORTHOGONAL, GLOROT_UNIFORM or ZEROS, got IDENTITY (the recurrent kernel [units, 4·units] "
                        + "is not square).");
            }
            Checks.once("recurrentInitializer", recurrentInitializer);
            recurrentInitializer = value;
            return this;
        }

        /**
         * @param value the layer's name (letters, digits and _ . - /); by default Keras's automatic name
         * @return this builder
         */
        public Builder name(String value) {
            Checks.name(value);
            Checks.once("name", name);
            name = value;
            return this;
        }

        /**
         * @param rate the input dropout rate in [0, 1)
         * @return this builder
         */
        public Builder dropout(double rate) {
            Checks.fraction("dropout", rate);
            Checks.once("dropout", dropout);
            dropout = rate;
            return this;
        }

        /**
         * @param rate the recurrent dropout rate in [0, 1)
         * @return this builder
         */
        public Builder recurrentDropout(double rate) {
            Checks.fraction("recurrentDropout", rate);
            Checks.once("recurrentDropout", recurrentDropout);
            recurrentDropout = rate;
            return this;
        }

        /**
         * @param factor the kernel's L2 factor, non-negative
         * @return this builder
         */
        public Builder kernelL2(double factor) {
            Checks.penalty("kernelL2", factor);
            Checks.once("kernelL2", kernelL2);
            kernelL2 = factor;
            return this;
        }

        /**
         * @param factor the recurrent kernel's L2 factor, non-negative
         * @return this builder
         */
        public Builder recurrentL2(double factor) {
            Checks.penalty("recurrentL2", factor);
            Checks.once("recurrentL2", recurrentL2);
            recurrentL2 = factor;
            return this;
        }

        /**
         * @param factor the bias's L2 factor, non-negative
         * @return this builder
         */
        public Builder biasL2(double factor) {
            Checks.penalty("biasL2", factor);
            Checks.once("biasL2", biasL2);
            biasL2 = factor;
            return this;
        }

        /** @return the layer */
        public LstmLayer build() {
            return new LstmLayer(this);
        }
    }
}
