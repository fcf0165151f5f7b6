package io.github.stackedrnn.optim;

import java.util.Objects;

/**
 * Keras's {@code ExponentialDecay}: {@code initialLearningRate · decayRate^(step / decaySteps)}, with
 * the exponent floored ({@code step / decaySteps} an integer division) when {@code staircase} is set.
 * Immutable.
 *
 * <pre>{@code
 * // ExponentialDecay(1e-3, decay_steps=1000, decay_rate=0.9, staircase=True)
 * Adam adam = Adam.builder().learningRate(new ExponentialDecay(1e-3, 1000, 0.9, true)).build();
 * }</pre>
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /**
     * @param initialLearningRate the rate at step 0, positive and finite
     * @param decaySteps          the steps over which the rate is multiplied by {@code decayRate},
     *                            positive
     * @param decayRate           the factor per {@code decaySteps} steps, positive and finite
     * @param staircase           true to decay in whole multiples of {@code decaySteps}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initialLearningRate = Check.positiveFinite("initialLearningRate", initialLearningRate);
        this.decaySteps = Check.positive("decaySteps", decaySteps);
        this.decayRate = Check.positiveFinite("decayRate", decayRate);
        this.staircase = staircase;
    }

    /**
     * Without staircase, Keras's default.
     *
     * @param initialLearningRate the rate at step 0, positive and finite
     * @param decaySteps          the steps over which the rate is multiplied by {@code decayRate},
     *                            positive
     * @param decayRate           the factor per {@code decaySteps} steps, positive and finite
     * @throws IllegalArgumentException if an argument is out of range
     */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    @Override
    public double at(long step) {
        Check.nonNegative("step", step);
        double p = (double) step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate * Math.pow(decayRate, p);
    }

    /** @return the rate at step 0 */
    public double initialLearningRate() {
        return initialLearningRate;
    }

    /** @return the steps over which the rate is multiplied by {@link #decayRate()} */
    public long decaySteps() {
        return decaySteps;
    }

    /** @return the factor per {@link #decaySteps()} steps */
    public double decayRate() {
        return decayRate;
    }

    /** @return whether the exponent is floored to whole multiples of {@link #decaySteps()} */
    public boolean staircase() {
        return staircase;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExponentialDecay)) {
            return false;
        }
        ExponentialDecay e = (ExponentialDecay) o;
        return initialLearningRate == e.initialLearningRate && decaySteps == e.decaySteps && decayRate == e.decayRate
                && staircase == e.staircase;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialLearningRate, decaySteps, decayRate, staircase);
    }

    @Override
    public String toString() {
        return "ExponentialDecay{initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps
                + ", decayRate=" + decayRate + ", staircase=" + staircase + "}";
    }
}
