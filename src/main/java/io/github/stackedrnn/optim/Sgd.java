package io.github.stackedrnn.optim;

import java.util.List;
import java.util.Objects;

/**
 * Stochastic gradient descent with optional (Nesterov) momentum, with Keras 3's update rule and
 * defaults: learning rate 0.01, momentum 0, no Nesterov. Without momentum {@code w -= lr·g}; with it
 * <pre>
 * m = momentum·m - lr·g
 * w += m                         (plain)
 * w += momentum·m - lr·g         (Nesterov, with the new m)
 * </pre>
 * As in Keras, {@code nesterov} has no effect when the momentum is 0. The shared settings (a
 * {@link LearningRateSchedule}, decoupled weight decay, one kind of gradient clipping) apply as
 * {@link OptimizerState#step} describes.
 *
 * <p>Slots: the momentums {@code m} when the momentum is not 0, else none. Immutable; build with
 * {@link #builder()} or take {@link #defaults()}.
 */
public final class Sgd extends BaseOptimizer implements Optimizer {
    /** Keras's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 0.01;
    /** Keras's default momentum: plain gradient descent. */
    public static final double DEFAULT_MOMENTUM = 0.0;
    /** Keras's default: no Nesterov momentum. */
    public static final boolean DEFAULT_NESTEROV = false;

    private static final List<String> SLOTS = List.of("momentum");
    private static final Sgd DEFAULTS = builder().build();

    private final double momentum;
    private final boolean nesterov;

    private Sgd(Builder b) {
        super(b.common.build(DEFAULT_LEARNING_RATE));
        this.momentum = b.momentum == null ? DEFAULT_MOMENTUM : b.momentum;
        this.nesterov = b.nesterov == null ? DEFAULT_NESTEROV : b.nesterov;
    }

    /** @return a builder with Keras's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return SGD with Keras's defaults */
    public static Sgd defaults() {
        return DEFAULTS;
    }

    /** @return the momentum, in [0, 1]; 0 is plain gradient descent */
    public double momentum() {
        return momentum;
    }

    /** @return whether Nesterov momentum was asked for (no effect when {@link #momentum()} is 0) */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public OptimizerState newState(int[] variableSizes) {
        int[] offsets = Check.offsets(variableSizes);
        return state(offsets, BaseOptimizerState.zeroSlots(slotCount(), offsets), 0);
    }

    /** @return 1 (the momentums) when the momentum is not 0, else 0 */
    @Override
    public int slotCount() {
        return momentum != 0 ? 1 : 0;
    }

    @Override
    public OptimizerState restoreState(int[] variableSizes, long iterations, List<float[]> slots) {
        int[] offsets = Check.offsets(variableSizes);
        float[][] checked = BaseOptimizerState.checkedSlots("Sgd", SLOTS.subList(0, slotCount()), new boolean[] {false},
                offsets, iterations, slots);
        return state(offsets, checked, iterations);
    }

    @Override
    SgdState state(int[] offsets, float[][] slots, long iterations) {
        return new SgdState(this, offsets, slots, iterations);
    }

    @Override
    public String kerasName() {
        return "sgd";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Sgd)) {
            return false;
        }
        Sgd s = (Sgd) o;
        return common.equals(s.common) && momentum == s.momentum && nesterov == s.nesterov;
    }

    @Override
    public int hashCode() {
        return Objects.hash(common, momentum, nesterov);
    }

    /** @return the settings; the shared ones left unset are omitted */
    @Override
    public String toString() {
        return "Sgd{" + common.learningRateText() + ", momentum=" + momentum + ", nesterov=" + nesterov + common.extrasText() + "}";
    }

    /** Builds an {@link Sgd}. Each setting may be made once, and only one kind of clipping. */
    public static final class Builder extends BaseOptimizer.Builder<Sgd.Builder> {
        private Double momentum;
        private Boolean nesterov;

        private Builder() {
        }

        /**
         * @param value the momentum, in [0, 1] as Keras checks; default 0 (no momentum, no slot)
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1]
         * @throws IllegalStateException    if already set
         */
        public Builder momentum(double value) {
            Check.closedUnitInterval("momentum", value);
            Check.once("momentum", momentum);
            momentum = value;
            return this;
        }

        /**
         * @param value true for Nesterov momentum; default false; no effect without momentum
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder nesterov(boolean value) {
            Check.once("nesterov", nesterov);
            nesterov = value;
            return this;
        }

        /** @return the optimizer; the builder is unchanged */
        public Sgd build() {
            return new Sgd(this);
        }
    }
}
