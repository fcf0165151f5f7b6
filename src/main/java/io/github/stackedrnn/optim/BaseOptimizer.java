package io.github.stackedrnn.optim;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What every optimizer shares, as Keras 3's {@code BaseOptimizer}: the {@link CommonSettings} with
 * their public getters, and the shared half of the builder. Package-private and not itself an
 * {@link Optimizer}, so the public API stays the sealed {@code Optimizer} and the three optimizers;
 * javadoc documents the public members inherited from here on each optimizer's own page.
 */
abstract sealed class BaseOptimizer permits Adam, Sgd, RmsProp {
    final CommonSettings common;

    BaseOptimizer(CommonSettings common) {
        this.common = common;
    }

    /**
     * Makes this optimizer's state; {@code newState}, {@code restoreState} and
     * {@link BaseOptimizerState#copy} all come here.
     *
     * @param offsets    where each variable starts in the flat vector, [V + 1], as {@link Check#offsets}
     * @param slots      the slots, checked and owned from now on, [S][P]
     * @param iterations the steps already taken
     * @return the state
     */
    abstract BaseOptimizerState<?> state(int[] offsets, float[][] slots, long iterations);

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

    /**
     * The shared settings of every optimizer's builder, delegated to {@link CommonSettings.Builder}.
     * Each returns the concrete builder {@code B}, so the optimizer's own settings can follow.
     *
     * @param <B> the concrete builder
     */
    abstract static sealed class Builder<B extends Builder<B>> permits Adam.Builder, Sgd.Builder, RmsProp.Builder {
        final CommonSettings.Builder common = new CommonSettings.Builder();

        Builder() {
        }

        /** Safe: each permitted builder extends {@code Builder<itself>}. */
        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /**
         * @param value the learning rate, positive and finite; default the optimizer's
         *              {@code DEFAULT_LEARNING_RATE} (Adam and RMSprop 1e-3, SGD 0.01)
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if a learning rate or schedule was already set
         */
        public B learningRate(double value) {
            common.learningRate(value);
            return self();
        }

        /**
         * @param schedule the learning rate as a function of the steps done, instead of a constant
         * @return this builder
         * @throws IllegalArgumentException if null
         * @throws IllegalStateException    if a learning rate or schedule was already set
         */
        public B learningRate(LearningRateSchedule schedule) {
            common.learningRate(schedule);
            return self();
        }

        /**
         * @param value decoupled weight decay: before each update {@code w -= w·value·lr}, for every
         *              weight; positive and finite; default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set
         */
        public B weightDecay(double value) {
            common.weightDecay(value);
            return self();
        }

        /**
         * @param value bound on each variable's gradient norm: {@code g·c / max(‖g‖₂, c)}; positive and
         *              finite; default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set, or if another kind of clipping was set
         */
        public B clipNorm(double value) {
            common.clipNorm(value);
            return self();
        }

        /**
         * @param value bound on the norm of all gradients together: each is scaled by
         *              {@code c / max(global norm, c)}; positive and finite; default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set, or if another kind of clipping was set
         */
        public B globalClipNorm(double value) {
            common.globalClipNorm(value);
            return self();
        }

        /**
         * @param value bound on each gradient element, clamped to {@code [-c, c]}; positive and finite;
         *              default none
         * @return this builder
         * @throws IllegalArgumentException if not positive and finite
         * @throws IllegalStateException    if already set, or if another kind of clipping was set
         */
        public B clipValue(double value) {
            common.clipValue(value);
            return self();
        }
    }
}
