package io.github.stackedrnn.examples;

import io.github.stackedrnn.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * The main example's synthetic task: which of four channels drifts upward?
 *
 * <p>Every sequence has {@code time} steps of 10 features, each drawn from a standard normal
 * distribution. In a sequence of class {@code k} (0 to 3), feature {@code k} has {@code drift} added at
 * every step; features 4 to 9 are distractors. One step reveals the class only about 45% of the time,
 * since the drift is smaller than the noise; summed over 20 steps with drift 1 it is clear (a Bayes
 * accuracy near 99.8%). So the class can only be found by integrating over time.
 */
public final class DriftTask {
    /** Features per time step. */
    public static final int FEATURES = 10;
    /** Number of classes. */
    public static final int CLASSES = 4;

    /** Inputs {@code [samples, time, 10]} and their classes. */
    public record Data(Tensor x, int[] labels) {
    }

    private DriftTask() {
    }

    /**
     * @param samples how many sequences
     * @param time    steps per sequence
     * @param drift   the per-step mean added to the class's feature
     * @param seed    the random seed
     * @return the data set, classes balanced in expectation
     */
    public static Data generate(int samples, int time, float drift, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[samples * time * FEATURES];
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++) {
            int label = random.nextInt(CLASSES);
            labels[s] = label;
            for (int t = 0; t < time; t++) {
                int row = (s * time + t) * FEATURES;
                for (int f = 0; f < FEATURES; f++) {
                    x[row + f] = (float) random.nextGaussian() + (f == label ? drift : 0f);
                }
            }
        }
        return new Data(Tensor.of(x, samples, time, FEATURES), labels);
    }
}
