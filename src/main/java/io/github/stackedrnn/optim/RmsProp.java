package io.github.stackedrnn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * RMSprop (Hinton, 2012) with Keras 3's update rule and defaults: learning rate 1e-3, {@code rho} 0.9,
 * momentum 0, {@code epsilon} 1e-7, not centered. At each step:
 * <pre>
 * velocity  = rho·velocity + (1 - rho)·g²
 * average   = rho·average + (1 - rho)·g                          (centered only)
 * increment = lr·g / sqrt(velocity - average² + epsilon)         (centered)
 *           = lr·g / sqrt(velocity + epsilon)                    (otherwise)
 * momentum  = momentum·momentum + increment;  w -= momentum      (momentum above 0)
 * w -= increment                                                 (otherwise)
 * </pre>
 * The shared settings (a {@link LearningRateSchedule}, decoupled weight decay, one kind of gradient
 * clipping) apply as {@link OptimizerState#step} describes.
 *
 * <p>Slots, in order: the velocities; the momentums when the momentum is above 0; the average
 * gradients when centered. Immutable; build with {@link #builder()} or take {@link #defaults()}.
 */
public final class RmsProp implements Optimizer {
    /** Keras's default learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Keras's default discount of the old squared gradients. */
    public static final double DEFAULT_RHO = 0.9;
    /** Keras's default momentum: none. */
    public static final double DEFAULT_MOMENTUM = 0.0;
    /** Keras's default epsilon. */
    public static final double DEFAULT_EPSILON = 1e-7;
    /** Keras's default: not centered. */
    public static final boolean DEFAULT_CENTERED = false;

    private static final RmsProp DEFAULTS = builder().build();

    private final CommonSettings common;
    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    private RmsProp(Builder b) {
        this.common = b.common.build(DEFAULT_LEARNING_RATE);
        this.rho = b.rho == null ? DEFAULT_RHO : b.rho;
        this.momentum = b.momentum == null ? DEFAULT_MOMENTUM : b.momentum;
        this.epsilon = b.epsilon == null ? DEFAULT_EPSILON : b.epsilon;
        this.centered = b.centered == null ? DEFAULT_CENTERED : b.centered;
    }

    /** @return a builder with Keras's defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return RMSprop with Keras's defaults */
    public static RmsProp defaults() {
        return DEFAULTS;
    }

    /**
     * @return the learning rate of the first step: the constant rate, or the schedule's rate at step 0
     *         if {@link #learningRateSchedule()} is present
     */
    public double learningRate() {
        return common.learningRate();
    }

    /** @return the learning-rate schedule, or empty for a constant rate */
    public Optional<LearningRateSchedule> learningRateSchedule() {
        return common.schedule();
    }

    /** @return the discount of the old squared gradients */
    public double rho() {
        return rho;
    }

    /** @return the momentum; 0 for none */
    public double momentum() {
        return momentum;
    }

    /** @return the constant added under the square root */
    public double epsilon() {
        return epsilon;
    }

    /** @return whether gradients are normalised by their estimated variance rather than the second moment */
    public boolean centered() {
        return centered;
    }

    /** @return the decoupled weight decay, or empty if none */
    public OptionalDouble weightDecay() {
        return common.weightDecay();
    }

    /** @return the bound on each variable's gradient norm, or empty if not clipped so */
    public OptionalDouble clipNorm() {
        return common.threshold(CommonSettings.Clipping.NORM);
    }

    /** @return the bound on the global gradient norm, or empty if not clipped so */
    public OptionalDouble globalClipNorm() {
        return common.threshold(CommonSettings.Clipping.GLOBAL_NORM);
    }

    /** @return the bound on each gradient element's magnitude, or empty if not clipped so */
    public OptionalDouble clipValue() {
        return common.threshold(CommonSettings.Clipping.VALUE);
    }

    @Override
    public OptimizerState newState(int[] variableSizes) {
        int[] offsets = Check.offsets(variableSizes);
        return new RmsPropState(this, common, offsets, BaseOptimizerState.zeroSlots(slotCount(), offsets), 0);
    }

    /** @return 1 (the velocities), plus 1 with momentum, plus 1 when centered */
    @Override
    public int slotCount() {
        return 1 + (momentum > 0 ? 1 : 0) + (centered ? 1 : 0);
    }

    @Override
    public OptimizerState restoreState(int[] variableSizes, long iterations, List<float[]> slots) {
        int[] offsets = Check.offsets(variableSizes);
        List<String> names = new ArrayList<>(List.of("velocity"));
        if (momentum > 0) {
            names.add("momentum");
        }
        if (centered) {
            names.add("average gradient");
        }
        // the velocities are second moments: never negative
        float[][] checked = BaseOptimizerState.checkedSlots("RmsProp", names, new boolean[] {true, false, false}, offsets,
                iterations, slots);
        return new RmsPropState(this, common, offsets, checked, iterations);
    }

    @Override
    public String kerasName() {
        return "rmsprop";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RmsProp)) {
            return false;
        }
        RmsProp r = (RmsProp) o;
        return common.equals(r.common) && rho == r.rho && momentum == r.momentum && epsilon == r.epsilon
                && centered == r.centered;
    }

    @Override
    public int hashCode() {
        return Objects.hash(common, rho, momentum, epsilon, centered);
    }

    /** @return the settings; the shared ones left unset are omitted */
    @Override
    public String toString() {
        return "RmsProp{" + common.learningRateText() + ", rho=" + rho + ", momentum=" + momentum + ", epsilon=" + epsilon
                + ", centered=" + centered + common.extrasText() + "}";
    }

    /** Builds an {@link RmsProp}. Each setting may be made once, and only one kind of clipping. */
    public static final class Builder {
        private final CommonSettings.Builder common = new CommonSettings.Builder();
        private Double rho;
        private Double momentum;
        private Double epsilon;
        private Boolean centered;

        private Builder() {
        }

        /**
         * @param value the learning rate, positive and finite; default 1e-3
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if a learning rate or schedule was already set
         */
        public Builder learningRate(double value) {
            common.learningRate(value);
            return this;
        }

        /**
         * @param schedule the learning rate as a function of the steps done, instead of a constant
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if a learning rate or schedule was already set
         */
        public Builder learningRate(LearningRateSchedule schedule) {
            common.learningRate(schedule);
            return this;
        }

        /**
         * @param value the discount of the old squared gradients, in [0, 1); default 0.9
         * @return this builder
         * @throws IllegalArgumentException if outside [0, 1)
         * @throws IllegalStateException    if already set
         */
        public Builder rho(double value) {
            Check.unitInterval("rho", value);
            Check.once("rho", rho);
            rho = value;
            return this;
        }

        /**
         * @param value the momentum, in [0, 1]; default 0 (no momentum, no slot)
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
         * @param value the constant added under the square root, positive and finite; default 1e-7
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
         * @param value true to normalise by the gradients' estimated variance (one more slot, the
         *              average gradients); default false
         * @return this builder
         * @throws IllegalStateException if already set
         */
        public Builder centered(boolean value) {
            Check.once("centered", centered);
            centered = value;
            return this;
        }

        /**
         * @param value decoupled weight decay: before each update {@code w -= w·value·lr}, for every
         *              weight; positive and finite; default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set
         */
        public Builder weightDecay(double value) {
            common.weightDecay(value);
            return this;
        }

        /**
         * @param value bound on each variable's gradient norm: {@code g·c / max(‖g‖₂, c)}; positive and
         *              finite; default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set, or if another kind of clipping was set
         */
        public Builder clipNorm(double value) {
            common.clipNorm(value);
            return this;
        }

        /**
         * @param value bound on the norm of all gradients together: each is scaled by
         *              {@code c / max(global norm, c)}; positive and finite; default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set, or if another kind of clipping was set
         */
        public Builder globalClipNorm(double value) {
            common.globalClipNorm(value);
            return this;
        }

        /**
         * @param value bound on each gradient element, clamped to {@code [-c, c]}; positive and finite;
         *              default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set, or if another kind of clipping was set
         */
        public Builder clipValue(double value) {
            common.clipValue(value);
            return this;
        }

        /** @return the optimizer; the builder is unchanged */
        public RmsProp build() {
            return new RmsProp(this);
        }
    }
}
