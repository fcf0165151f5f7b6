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
        this.dropout = b.dropout == null ? 0 : b.dropout;
        this.recurrentDropout = b.recurrentDropout == null ? 0 : b.recurrentDropout;
        this.kernelL2 = b.kernelL2 == null ? 0 : b.kernelL2;
        this.recurrentL2 = b.recurrentL2 == null ? 0 : b.recurrentL2;
        this.biasL2 = b.biasL2 == null ? 0 : b.biasL2;
        this.units = b.units;
        this.activation = b.activation == null ? Activation.TANH : b.activation;
        this.returnSequences = b.returnSequences != null && b.returnSequences;
        this.useBias = b.useBias == null || b.useBias;
        this.kernelInitializer = b.kernelInitializer == null ? Initializer.GLOROT_UNIFORM : b.kernelInitializer;
        this.recurrentInitializer = b.recurrentInitializer == null ? Initializer.ORTHOGONAL : b.recurrentInitializer;
        this.name = b.name;
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
                && useBias == l.useBias && kernelInitializer == l.kernelInitializer
                && recurrentInitializer == l.recurrentInitializer && Objects.equals(name, l.name)
                && dropout == l.dropout && recurrentDropout == l.recurrentDropout && kernelL2 == l.kernelL2
                && recurrentL2 == l.recurrentL2 && biasL2 == l.biasL2;
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, activation, returnSequences, useBias, kernelInitializer, recurrentInitializer, name,
                dropout, recurrentDropout, kernelL2, recurrentL2, biasL2);
    }

    @Override
    public String toString() {
        return "SimpleRnnLayer{units=" + units + ", activation=" + activation + ", returnSequences=" + returnSequences
                + ", useBias=" + useBias + ", kernelInitializer=" + kernelInitializer
                + ", recurrentInitializer=" + recurrentInitializer
                + (dropout == 0 ? "" : ", dropout=" + dropout) + (recurrentDropout == 0 ? "" : ", recurrentDropout=" + recurrentDropout)
                + (kernelL2 == 0 ? "" : ", kernelL2=" + kernelL2) + (recurrentL2 == 0 ? "" : ", recurrentL2=" + recurrentL2)
                + (biasL2 == 0 ? "" : ", biasL2=" + biasL2) + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link SimpleRnnLayer}. Each setting may be made once. */
    public static final class Builder {
        private final int units;
        private Activation activation;
        private Boolean returnSequences;
        private Boolean useBias;
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
         * @param value the activation: TANH (default), RELU or LINEAR
         * @return this builder
         * @throws IllegalArgumentException if null, SIGMOID or SOFTMAX (output functions, for a {@link DenseLayer})
         * @throws IllegalStateException    if already set
         */
        public Builder activation(Activation value) {
            Checks.notNull("activation", value);
            if (value == Activation.SIGMOID || value == Activation.SOFTMAX) {
                throw new IllegalArgumentException("Received an invalid value for argument `activation`, expected TANH, RELU "
                        + "or LINEAR for a SimpleRnnLayer, got " + value + " (an output function: use it on a DenseLayer head).");
            }
            Checks.once("activation", activation);
            activation = value;
            return this;
        }

        /**
         * @param value true to output the whole hidden sequence; default false, as in Keras
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder returnSequences(boolean value) {
            Checks.once("returnSequences", returnSequences);
            returnSequences = value;
            return this;
        }

        /**
         * @param value false to drop the bias; default true
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder useBias(boolean value) {
            Checks.once("useBias", useBias);
            useBias = value;
            return this;
        }

        /**
         * @param value how to initialise the kernel; default {@link Initializer#GLOROT_UNIFORM}
         * @return this builder
         * @throws IllegalArgumentException if null or {@link Initializer#IDENTITY} (the kernel need not be square)
         * @throws IllegalStateException    if already set
         */
        public Builder kernelInitializer(Initializer value) {
            Checks.notNull("kernelInitializer", value);
            if (value == Initializer.IDENTITY) {
                throw new IllegalArgumentException("Received an invalid value for argument `kernelInitializer`, "
                        + "expected GLOROT_UNIFORM, ORTHOGONAL or ZEROS, got IDENTITY (only the square recurrent kernel can be an identity).");
            }
            Checks.once("kernelInitializer", kernelInitializer);
            kernelInitializer = value;
            return this;
        }

        /**
         * @param value how to initialise the recurrent kernel; default {@link Initializer#ORTHOGONAL};
         *              {@link Initializer#IDENTITY} with {@link Activation#RELU} gives an IRNN
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder recurrentInitializer(Initializer value) {
            Checks.notNull("recurrentInitializer", value);
            Checks.once("recurrentInitializer", recurrentInitializer);
            recurrentInitializer = value;
            return this;
        }

        /**
         * @param value the layer's name, unique in its model; by default the model names it as Keras would
         *              ({@code simple_rnn}, {@code simple_rnn_1}, ...)
         * @return this builder
         * @throws IllegalArgumentException if null, empty or not made of letters, digits and {@code _ . - /}
         * @throws IllegalStateException    if already set
         */
        public Builder name(String value) {
            Checks.name(value);
            Checks.once("name", name);
            name = value;
            return this;
        }

        /**
         * Keras's {@code dropout}: in training only, drops this fraction of the input features, with one
         * mask per sequence reused at every time step; {@code predict} and {@code evaluate} never drop.
         *
         * @param rate in [0, 1); default 0
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder dropout(double rate) {
            Checks.fraction("dropout", rate);
            Checks.once("dropout", dropout);
            dropout = rate;
            return this;
        }

        /**
         * Keras's {@code recurrent_dropout}: in training only, drops this fraction of {@code h_(t-1)}
         * before it meets the recurrent kernel, one mask per sequence reused at every step.
         *
         * @param rate in [0, 1); default 0
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder recurrentDropout(double rate) {
            Checks.fraction("recurrentDropout", rate);
            Checks.once("recurrentDropout", recurrentDropout);
            recurrentDropout = rate;
            return this;
        }

        /**
         * Keras's {@code kernel_regularizer=L2(factor)}: adds {@code factor · Σ kernel²} to the training loss.
         *
         * @param factor non-negative and finite; default 0 (none)
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         * @throws IllegalStateException    if already set
         */
        public Builder kernelL2(double factor) {
            Checks.penalty("kernelL2", factor);
            Checks.once("kernelL2", kernelL2);
            kernelL2 = factor;
            return this;
        }

        /**
         * Keras's {@code recurrent_regularizer=L2(factor)}.
         *
         * @param factor non-negative and finite; default 0 (none)
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         * @throws IllegalStateException    if already set
         */
        public Builder recurrentL2(double factor) {
            Checks.penalty("recurrentL2", factor);
            Checks.once("recurrentL2", recurrentL2);
            recurrentL2 = factor;
            return this;
        }

        /**
         * Keras's {@code bias_regularizer=L2(factor)}.
         *
         * @param factor non-negative and finite; default 0 (none)
         * @return this builder
         * @throws IllegalArgumentException if negative or not finite
         * @throws IllegalStateException    if already set
         */
        public Builder biasL2(double factor) {
            Checks.penalty("biasL2", factor);
            Checks.once("biasL2", biasL2);
            biasL2 = factor;
            return this;
        }

        /** @return the layer; the builder is unchanged and may build again */
        public SimpleRnnLayer build() {
            return new SimpleRnnLayer(this);
        }
    }
}
