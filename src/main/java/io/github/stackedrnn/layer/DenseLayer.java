package io.github.stackedrnn.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * An output layer, Keras's {@code Dense(units, activation=...)}: {@code f(h·kernel + bias)}. With
 * {@link Activation#LINEAR} (the default, as in Keras) it is a regression or forecasting head; with
 * {@link Activation#SIGMOID} a binary or multi-label head; with {@link Activation#SOFTMAX} the same as a
 * {@link DenseSoftmaxLayer}.
 *
 * <p>On {@code [batch, in]} it outputs {@code [batch, units]}; after a recurrent layer with
 * {@code returnSequences} it applies at every step and outputs {@code [batch, time, units]}. Weights:
 * {@code kernel [in, units]} (glorot_uniform), then {@code bias [units]} (zeros; absent without
 * {@link #useBias()}).
 *
 * <pre>{@code
 * DenseLayer.builder(1).build()                                   // Dense(1): regression
 * DenseLayer.builder(1).activation(Activation.SIGMOID).build()    // Dense(1, activation='sigmoid')
 * }</pre>
 */
public final class DenseLayer implements Layer {
    private final int units;
    private final Activation activation;
    private final boolean useBias;
    private final double kernelL2;
    private final double biasL2;
    private final String name;

    private DenseLayer(Builder b) {
        this.units = b.units;
        this.activation = b.activation == null ? Activation.LINEAR : b.activation;
        this.useBias = b.useBias == null || b.useBias;
        this.kernelL2 = b.kernelL2 == null ? 0 : b.kernelL2;
        this.biasL2 = b.biasL2 == null ? 0 : b.biasL2;
        this.name = b.name;
    }

    /**
     * @param units the width of the output, at least 1
     * @return a new builder
     * @throws IllegalArgumentException if {@code units} is not positive
     */
    public static Builder builder(int units) {
        return new Builder(Checks.positive("units", units));
    }

    /** @return the width of the output */
    public int units() {
        return units;
    }

    /** @return the output function */
    public Activation activation() {
        return activation;
    }

    /** @return true if the layer has a bias */
    public boolean useBias() {
        return useBias;
    }

    /** @return the L2 penalty factor on the kernel; 0 for none */
    public double kernelL2() {
        return kernelL2;
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
        return "Dense";
    }

    @Override
    public int outputSize() {
        return units;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DenseLayer)) {
            return false;
        }
        DenseLayer d = (DenseLayer) o;
        return units == d.units && activation == d.activation && useBias == d.useBias && kernelL2 == d.kernelL2
                && biasL2 == d.biasL2 && Objects.equals(name, d.name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, activation, useBias, kernelL2, biasL2, name);
    }

    @Override
    public String toString() {
        return "DenseLayer{units=" + units + ", activation=" + activation + ", useBias=" + useBias
                + (kernelL2 == 0 ? "" : ", kernelL2=" + kernelL2) + (biasL2 == 0 ? "" : ", biasL2=" + biasL2)
                + (name == null ? "" : ", name=" + name) + "}";
    }

    /** Builds a {@link DenseLayer}. Each setting may be made once. */
    public static final class Builder {
        private final int units;
        private Activation activation;
        private Boolean useBias;
        private Double kernelL2;
        private Double biasL2;
        private String name;

        private Builder(int units) {
            this.units = units;
        }

        /**
         * @param value the output function; default {@link Activation#LINEAR}
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if already set
         */
        public Builder activation(Activation value) {
            Checks.notNull("activation", value);
            Checks.once("activation", activation);
            activation = value;
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

        /**
         * @param value the layer's name; by default {@code dense}, {@code dense_1}, ...
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

        /** @return the layer; the builder is unchanged and may build again */
        public DenseLayer build() {
            return new DenseLayer(this);
        }
    }
}
