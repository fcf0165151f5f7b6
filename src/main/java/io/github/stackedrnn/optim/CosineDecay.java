package io.github.stackedrnn.optim;

import java.util.Objects;

/**
 * Keras 3's {@code CosineDecay} without warmup: with
 * {@code completed = min(step, decaySteps) / decaySteps},
 * <pre>
 * cosine  = 0.5·(1 + cos(π·completed))
 * decayed = (1 - alpha)·cosine + alpha
 * rate    = initialLearningRate·decayed
 * </pre>
 * so the rate falls from {@code initialLearningRate} to {@code alpha·initialLearningRate} over
 * {@code decaySteps} steps and stays there. Immutable.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;

    /**
     * @param initialLearningRate the rate at step 0, positive and finite
     * @param decaySteps          the steps over which the rate decays, positive
     * @param alpha               the final rate as a fraction of the initial one, in [0, 1]
     * @throws IllegalArgumentException if an argument is out of range
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this.initialLearningRate = Check.positiveFinite("initialLearningRate", initialLearningRate);
        this.decaySteps = Check.positive("decaySteps", decaySteps);
        this.alpha = Check.closedUnitInterval("alpha", alpha);
    }

    /**
     * Decaying to zero ({@code alpha} 0, Keras's default).
     *
     * @param initialLearningRate the rate at step 0, positive and finite
     * @param decaySteps          the steps over which the rate decays, positive
     * @throws IllegalArgumentException if an argument is out of range
     */
    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    @Override
    public double at(long step) {
        Check.nonNegative("step", step);
        double completed = (double) Math.min(step, decaySteps) / decaySteps;
        double cosine = 0.5 * (1 + Math.cos(Math.PI * completed));
        double decayed = (1 - alpha) * cosine + alpha;
        return initialLearningRate * decayed;
    }

    /** @return the rate at step 0 */
    public double initialLearningRate() {
        return initialLearningRate;
    }

    /** @return the steps over which the rate decays */
    public long decaySteps() {
        return decaySteps;
    }

    /** @return the final rate as a fraction of the initial one */
    public double alpha() {
        return alpha;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CosineDecay)) {
            return false;
        }
        CosineDecay c = (CosineDecay) o;
        return initialLearningRate == c.initialLearningRate && decaySteps == c.decaySteps && alpha == c.alpha;
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialLearningRate, decaySteps, alpha);
    }

    @Override
    public String toString() {
        return "CosineDecay{initialLearningRate=" + initialLearningRate + ", decaySteps=" + decaySteps + ", alpha=" + alpha + "}";
    }
}
