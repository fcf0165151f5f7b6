package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.NormalizationLayer;

import java.util.Arrays;

/**
 * Keras's {@code Normalization} on a chunk's input, in place, and the chain rule back through it. The
 * statistics are the model's non-trainable weights, laid out {@code mean [F], variance [F], count [1]}.
 * F = features.
 */
final class Normalization {
    private Normalization() {
    }

    /** {@code deviation[f] = max(sqrt(variance[f]), 1e-7)} in float32, Keras's divisor, once per call. */
    static void deviations(float[] nonTrainable, int features, float[] deviation) {
        for (int f = 0; f < features; f++) {
            deviation[f] = NormalizationLayer.standardDeviation(nonTrainable[features + f]);
        }
    }

    /**
     * One step of one sample, {@code x[off, off + F)}: {@code (x - mean) / deviation} where the step is
     * valid; zeros where it is masked, so that padding of any value (the next layer ignores it) can
     * never become infinite.
     */
    static void standardize(float[] x, int off, boolean valid, float[] nonTrainable, float[] deviation, int features) {
        if (!valid) {
            Arrays.fill(x, off, off + features, 0f);
            return;
        }
        for (int f = 0; f < features; f++) {
            x[off + f] = (x[off + f] - nonTrainable[f]) / deviation[f];
        }
    }

    /** {@code dx[r, f] /= deviation[f]} over {@code rows} rows: the gradient of the raw input from that of the standardized one. */
    static void inputGradient(float[] dx, int rows, float[] deviation, int features) {
        for (int r = 0; r < rows; r++) {
            int off = r * features;
            for (int f = 0; f < features; f++) {
                dx[off + f] /= deviation[f];
            }
        }
    }
}
