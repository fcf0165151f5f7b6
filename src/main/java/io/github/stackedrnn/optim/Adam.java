package io.github.stackedrnn.optim;

import java.util.List;
import java.util.Objects;

/**
 * Adam (Kingma and Ba, 2015) with Keras 3's update rule and defaults: learning rate 1e-3,
 * {@code beta1} 0.9, {@code beta2} 0.999, {@code epsilon} 1e-7, no AMSGrad. At step {@code t}:
 * <pre>
 * alpha = lr·sqrt(1 - beta2^t) / (1 - beta1^t)
 * m += (g - m)·(1 - beta1);   v += (g² - v)·(1 - beta2)
 * w -= alpha·m / (sqrt(v) + epsilon)
 * </pre>
 * With AMSGrad (Reddi et al., 2018) a third slot keeps {@code vHat = max(vHat, v)}, used in place of
 * {@code v}. The shared settings (a {@link LearningRateSchedule}, decoupled weight decay, one kind of
 * gradient clipping) apply as {@link OptimizerState#step} describes.
 *
 * <p>Slots, in order: first moments {@code m}, second moments {@code v}, then with AMSGrad
 * {@code vHat}. Immutable; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class Adam extends BaseOptimizer implements Optimizer {
    /** Keras's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Keras's default decay rate of the first moment. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** Keras's default decay rate of the second moment. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** Keras's default epsilon (not PyTorch's 1e-8). */
    public static final double DEFAULT_EPSILON = 1e-7;

    private static final List<String> SLOTS = List.of("m", "v");
    private static final List<String> AMSGRAD_SLOTS = List.of("m", "v", "vHat");
    private static final Adam DEFAULTS = builder().build();

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;

    private Adam(Builder b) {
        super(b.common.build(DEFAULT_LEARNING_RATE));
        this.beta1 = b.beta1 == null ? DEFAULT_BETA1 : b.beta1;
        this.beta2 = b.beta2 == null ? DEFAULT_BETA2 : b.beta2;
        this.epsilon = b.epsilon == null ? DEFAULT_EPSILON : b.epsilon;
        this.amsgrad = b.amsgrad != null && b.amsgrad;
    }

    /** @return a builder with Keras's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return Adam with Keras's defaults */
    public static Adam defaults() {
        return DEFAULTS;
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

    /** @return whether the AMSGrad variant is used */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public OptimizerState newState(int[] variableSizes) {
        int[] offsets = Check.offsets(variableSizes);
        return state(offsets, BaseOptimizerState.zeroSlots(slotCount(), offsets), 0);
    }

    @Override
    public int slotCount() {
        return amsgrad ? 3 : 2;
    }

    @Override
    public OptimizerState restoreState(int[] variableSizes, long iterations, List<float[]> slots) {
        int[] offsets = Check.offsets(variableSizes);
        // v and vHat are second moments: never negative
        float[][] checked = BaseOptimizerState.checkedSlots("Adam", amsgrad ? AMSGRAD_SLOTS : SLOTS,
                new boolean[] {false, true, true}, offsets, iterations, slots);
        return state(offsets, checked, iterations);
    }

    @Override
    AdamState state(int[] offsets, float[][] slots, long iterations) {
        return new AdamState(this, offsets, slots, iterations);
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
        return common.equals(a.common) && beta1 == a.beta1 && beta2 == a.beta2 && epsilon == a.epsilon && amsgrad == a.amsgrad;
    }

    @Override
    public int hashCode() {
        return Objects.hash(common, beta1, beta2, epsilon, amsgrad);
    }

    /** @return the settings; those left at Keras's defaults beyond the four classic ones are omitted */
    @Override
    public String toString() {
        return "Adam{" + common.learningRateText() + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                + (amsgrad ? ", amsgrad=true" : "") + common.extrasText() + "}";
    }

    /** Builds an {@link Adam}. Each setting may be made once, and only one kind of clipping. */
    public static final class Builder extends BaseOptimizer.Builder<Adam.Builder> {
        private Double beta1;
        private Double beta2;
        private Double epsilon;
        private Boolean amsgrad;

        private Builder() {
        }

        /**
         * @param value the first moment's decay rate, in [0, 1); default 0.9
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder beta1(double value) {
            Check.unitInterval("beta1", value);
            Check.once("beta1", beta1);
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
            Check.unitInterval("beta2", value);
            Check.once("beta2", beta2);
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
            Check.positiveFinite("epsilon", value);
            Check.once("epsilon", epsilon);
            epsilon = value;
            return this;
        }

        /**
         * @param value true for the AMSGrad variant (a third slot, {@code vHat = max(vHat, v)}); default
         *              false
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder amsgrad(boolean value) {
            Check.once("amsgrad", amsgrad);
            amsgrad = value;
            return this;
        }

        /** @return the optimizer; the builder is unchanged */
        public Adam build() {
            return new Adam(this);
        }
    }
}
