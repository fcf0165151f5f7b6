package io.github.stackedrnn.optim;

import java.util.Arrays;

/**
 * Keras's {@code PiecewiseConstantDecay}, a step decay: {@code values[0]} while
 * {@code step <= boundaries[0]}, {@code values[i]} while {@code boundaries[i-1] < step <= boundaries[i]},
 * and the last value once {@code step > boundaries[last]}. Immutable.
 *
 * <pre>{@code
 * // 1e-3 for steps [0, 1000], 5e-4 up to 2000, then 1e-4
 * Sgd sgd = Sgd.builder().momentum(0.9)
 *         .learningRate(new PiecewiseConstantDecay(new long[] {1000, 2000}, new double[] {1e-3, 5e-4, 1e-4})).build();
 * }</pre>
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
    private final long[] boundaries; // [n], strictly increasing
    private final double[] values;   // [n + 1]

    /**
     * @param boundaries the steps after which the rate changes, at least one, strictly increasing;
     *                   copied
     * @param values     the rates, one more than the boundaries, each finite and non-negative; copied
     * @throws IllegalArgumentException if an array is null, the lengths do not fit, the boundaries do
     *                                  not increase or a value is out of range
     */
    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        Check.notNull("boundaries", "a non-empty array of strictly increasing steps", boundaries);
        Check.notNull("values", "an array of learning rates", values);
        if (boundaries.length == 0) {
            throw Check.invalid("boundaries", "a non-empty array of strictly increasing steps", "an empty array");
        }
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("The length of `boundaries` should be 1 less than the length of `values`. "
                    + "Received: boundaries=" + Arrays.toString(boundaries) + " of length " + boundaries.length
                    + ", and values=" + Arrays.toString(values) + " of length " + values.length + ".");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw Check.invalid("boundaries", "strictly increasing steps", Arrays.toString(boundaries));
            }
        }
        for (double value : values) {
            if (!(value >= 0) || !Double.isFinite(value)) {
                throw Check.invalid("values", "finite non-negative learning rates", Arrays.toString(values));
            }
        }
        this.boundaries = boundaries.clone();
        this.values = values.clone();
    }

    @Override
    public double at(long step) {
        Check.nonNegative("step", step);
        for (int i = 0; i < boundaries.length; i++) {
            if (step <= boundaries[i]) {
                return values[i];
            }
        }
        return values[boundaries.length];
    }

    /** @return a copy of the steps after which the rate changes */
    public long[] boundaries() {
        return boundaries.clone();
    }

    /** @return a copy of the rates, one more than the boundaries */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PiecewiseConstantDecay)) {
            return false;
        }
        PiecewiseConstantDecay p = (PiecewiseConstantDecay) o;
        return Arrays.equals(boundaries, p.boundaries) && Arrays.equals(values, p.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay{boundaries=" + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values) + "}";
    }
}
