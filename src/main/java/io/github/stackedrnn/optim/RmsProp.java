package io.github.stackedrnn.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
public final class RmsProp extends BaseOptimizer implements Optimizer {
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

    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    private RmsProp(Builder b) {
        super(b.common.build(DEFAULT_LEARNING_RATE));
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

    @Override
    public OptimizerState newState(int[] variableSizes) {
        int[] offsets = Check.offsets(variableSizes);
        return state(offsets, BaseOptimizerState.zeroSlots(slotCount(), offsets), 0);
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
        return state(offsets, checked, iterations);
    }

    @Override
    RmsPropState state(int[] offsets, float[][] slots, long iterations) {
        return new RmsPropState(this, offsets, slots, iterations);
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
    public static final class Builder extends BaseOptimizer.Builder<RmsProp.Builder> {
        private Double rho;
        private Double momentum;
        private Double epsilon;
        private Boolean centered;

        private Builder() {
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

        /** @return the optimizer; the builder is unchanged */
        public RmsProp build() {
            return new RmsProp(this);
        }
    }
}
