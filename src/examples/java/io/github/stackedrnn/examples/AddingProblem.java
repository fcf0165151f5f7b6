package io.github.stackedrnn.examples;

import io.github.stackedrnn.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * The adding problem, as set by Le, Jaitly &amp; Hinton (2015, "A Simple Way to Initialize Recurrent
 * Networks of Rectified Linear Units", section 4.1) after Hochreiter &amp; Schmidhuber (1997): a
 * regression task that needs memory across the whole sequence.
 *
 * <p>Every step has two features: a value drawn uniformly from [0, 1) and a marker that is 0 at every
 * step but two, where it is 1. The target is the sum of the two marked values. Le et al. describe the
 * marker only as "zero at all time steps except for two steps"; they say nothing about where the two
 * steps lie, so {@link #generate(int, int, long)} draws two distinct steps uniformly from the whole
 * sequence ({@link Placement#ANYWHERE}). Many later papers and implementations put the first marker
 * in the first half and the second in the second half, which keeps the two at least one step and on
 * average {@code T / 2} steps apart; {@link Placement#HALVES} gives that variant.
 *
 * <p>Predicting the constant 1 (the mean target) scores a mean squared error of 1/6 ≈ 0.167, the
 * variance of a sum of two independent U[0, 1] values, whichever placement is used (Le et al. quote
 * "around 0.1767" for this baseline). A model has learnt the task only well below that.
 */
public final class AddingProblem {
    /** Features per step: the value and the marker. */
    public static final int FEATURES = 2;
    /** Index of the value feature. */
    public static final int VALUE = 0;
    /** Index of the marker feature. */
    public static final int MARKER = 1;

    /** Where the two markers may fall. */
    public enum Placement {
        /** Two distinct steps, uniformly from the whole sequence: Le et al.'s description. */
        ANYWHERE,
        /** The first uniformly from steps {@code [0, T/2)}, the second from {@code [T/2, T)}. */
        HALVES
    }

    /**
     * Inputs and targets.
     *
     * @param x       {@code [samples, time, 2]}: value in [0, 1) and marker 0 or 1 at every step
     * @param targets {@code [samples]}: the sum of the two marked values, computed from the stored floats
     */
    public record Data(Tensor x, float[] targets) {
    }

    private AddingProblem() {
    }

    /**
     * Sequences with the markers placed as Le et al. describe: two distinct steps anywhere.
     *
     * @param samples how many sequences
     * @param time    steps per sequence, at least 2
     * @param seed    the random seed; the same arguments give the same data
     * @return the inputs and targets
     * @throws IllegalArgumentException if {@code samples} is negative, {@code time} is below 2 or the
     *                                  data would not fit in one array
     */
    public static Data generate(int samples, int time, long seed) {
        return generate(samples, time, seed, Placement.ANYWHERE);
    }

    /**
     * @param samples   how many sequences
     * @param time      steps per sequence, at least 2
     * @param seed      the random seed; the same arguments give the same data
     * @param placement where the two markers may fall
     * @return the inputs and targets
     * @throws IllegalArgumentException if {@code samples} is negative, {@code time} is below 2, the
     *                                  data would not fit in one array or {@code placement} is null
     */
    public static Data generate(int samples, int time, long seed, Placement placement) {
        if (placement == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `placement`, expected ANYWHERE or "
                    + "HALVES, got null.");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("Received an invalid value for argument `samples`, expected a non-negative "
                    + "integer, got " + samples + ".");
        }
        if (time < 2) {
            throw new IllegalArgumentException("Received an invalid value for argument `time`, expected at least 2 steps "
                    + "(two markers), got " + time + ".");
        }
        long size = (long) samples * time * FEATURES;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(samples + " sequences of " + time + " steps need " + size
                    + " floats, more than one array holds");
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[(int) size]; // [n, T, 2]
        float[] targets = new float[samples];
        for (int s = 0; s < samples; s++) {
            int base = s * time * FEATURES;
            for (int t = 0; t < time; t++) {
                x[base + t * FEATURES + VALUE] = (float) random.nextDouble();
            }
            int first;
            int second;
            if (placement == Placement.HALVES) {
                int half = time / 2;
                first = random.nextInt(half);
                second = half + random.nextInt(time - half);
            } else {
                first = random.nextInt(time);
                second = random.nextInt(time - 1);
                if (second >= first) {
                    second++; // distinct from first, uniform over the other steps
                }
            }
            x[base + first * FEATURES + MARKER] = 1f;
            x[base + second * FEATURES + MARKER] = 1f;
            targets[s] = x[base + first * FEATURES + VALUE] + x[base + second * FEATURES + VALUE];
        }
        return new Data(Tensor.of(x, samples, time, FEATURES), targets);
    }
}
