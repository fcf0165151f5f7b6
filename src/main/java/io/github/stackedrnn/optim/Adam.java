package io.github.stackedrnn.optim;

import java.util.Objects;

/**
 * Adam (Kingma and Ba, 2015) with Keras's update rule and defaults: learning rate 1e-3,
 * {@code beta1} 0.9, {@code beta2} 0.999, {@code epsilon} 1e-7. At step {@code t}:
 * <pre>
 * alpha = lr·sqrt(1 - beta2^t) / (1 - beta1^t)
 * m += (g - m)·(1 - beta1);   v += (g² - v)·(1 - beta2)
 * w -= alpha·m / (sqrt(v) + epsilon)
 * </pre>
 * Immutable; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class Adam implements Optimizer {
    /** Keras's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Keras's default decay rate of the first moment. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Keras's default decay rate of the second moment. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Keras's default epsilon (not PyTorch's 1e-8). */
    public static final double DEFAULT_EPSILON = 1e-7;

    private static final Adam DEFAULTS = builder().build();

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    private Adam(Builder b) {
        this.learningRate = b.learningRate == null ? DEFAULT_LEARNING_RATE : b.learningRate;
        this.beta1 = b.beta1 == null ? DEFAULT_BETA1 : b.beta1;
        this.beta2 = b.beta2 == null ? DEFAULT_BETA2 : b.beta2;
        this.epsilon = b.epsilon == null ? DEFAULT_EPSILON : b.epsilon;
    }

    /** @return a builder with Keras's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return Adam with Keras's defaults */
    public static Adam defaults() {
        return DEFAULTS;
    }

    /** @return the learning rate */
    public double learningRate() {
        return learningRate;
    }

    /** @return the decay rate of the first moment */
    public double beta1() {
        return beta1;
    }

    /** @return the decay rate of the second moment */
    public double beta2() {
        return beta2;
    }

    /** @return the constant added to the denominator */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public OptimizerState newState(int parameterCount) {
        if (parameterCount < 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `parameterCount`, "
                    + "expected a non-negative integer, got " + parameterCount + ".");
        }
        return new AdamState(this, parameterCount);
    }

    @Override
    public int slotCount() {
        return 2;
    }

    @Override
    public OptimizerState restoreState(int parameterCount, long iterations, java.util.List<float[]> slots) {
        if (parameterCount < 0 || iterations < 0) {
            throw new IllegalArgumentException("Adam state needs non-negative counts, got parameterCount " + parameterCount
                    + " and iterations " + iterations);
        }
        if (slots == null || slots.size() != 2) {
            throw new IllegalArgumentException("Adam state has 2 slots (m, v) but got " + (slots == null ? "null" : slots.size()));
        }
        for (int s = 0; s < 2; s++) {
            float[] slot = slots.get(s);
            if (slot == null || slot.length != parameterCount) {
                throw new IllegalArgumentException("Adam slot " + s + " must hold " + parameterCount + " values but holds "
                        + (slot == null ? "null" : slot.length));
            }
            for (int i = 0; i < slot.length; i++) {
                if (!Float.isFinite(slot[i]) || (s == 1 && slot[i] < 0)) {
                    throw new IllegalArgumentException("Adam slot " + s + " has the invalid value " + slot[i] + " at " + i);
                }
            }
        }
        return new AdamState(this, slots.get(0).clone(), slots.get(1).clone(), iterations);
    }

    @Override
    public String kerasName() {
        return "adam";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Adam)) {
            return false;
        }
        Adam a = (Adam) o;
        return learningRate == a.learningRate && beta1 == a.beta1 && beta2 == a.beta2 && epsilon == a.epsilon;
    }

    @Override
    public int hashCode() {
        return Objects.hash(learningRate, beta1, beta2, epsilon);
    }

    @Override
    public String toString() {
        return "Adam{learningRate=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon + "}";
    }

    /** Builds an {@link Adam}. Each setting may be made once. */
    public static final class Builder {
        private Double learningRate;
        private Double beta1;
        private Double beta2;
        private Double epsilon;

        private Builder() {
        }

        /**
         * @param value the learning rate, positive and finite; default 1e-3
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set
         */
        public Builder learningRate(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("Received an invalid value for argument `learningRate`, "
                        + "expected a positive finite number, got " + value + ".");
            }
            once("learningRate", learningRate);
            learningRate = value;
            return this;
        }

        /**
         * @param value the first moment's decay rate, in [0, 1); default 0.9
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder beta1(double value) {
            unitInterval("beta1", value);
            once("beta1", beta1);
            beta1 = value;
            return this;
        }

        /**
         * @param value the second moment's decay rate, in [0, 1); default 0.999
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder beta2(double value) {
            unitInterval("beta2", value);
            once("beta2", beta2);
            beta2 = value;
            return this;
        }

        /**
         * @param value the constant added to the denominator, positive and finite; default 1e-7
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set
         */
        public Builder epsilon(double value) {
            if (!(value > 0) || !Double.isFinite(value)) {
                throw new IllegalArgumentException("Received an invalid value for argument `epsilon`, "
                        + "expected a positive finite number, got " + value + ".");
            }
            once("epsilon", epsilon);
            epsilon = value;
            return this;
        }

        /** @return the optimizer; the builder is unchanged */
        public Adam build() {
            return new Adam(this);
        }

        private static void unitInterval(String argument, double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("Received an invalid value for argument `" + argument
                        + "`, expected a number in [0, 1), got " + value + ".");
            }
        }

        private static void once(String setting, Object earlier) {
            if (earlier != null) {
                throw new IllegalStateException("`" + setting + "` was already set to " + earlier);
            }
        }
    }
}
