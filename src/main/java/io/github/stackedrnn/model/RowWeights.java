package io.github.stackedrnn.model;

/**
 * Keras's {@code sample_weight} and {@code class_weight} of {@code fit}: a row's loss and gradient are
 * multiplied by its sample's weight times its target class's weight (the batch's loss is still divided
 * by the row count, Keras's {@code sum_over_batch_size}). Immutable.
 */
final class RowWeights {
    private final float[] samples; // [N] by sample index, or null
    private final float[] classes; // [K] by class (binary heads: [2]), or null

    RowWeights(float[] samples, float[] classes) {
        this.samples = samples;
        this.classes = classes;
    }

    /** The weight of a row whose target is {@code y[off, off + k)}. */
    float weight(int sample, float[] y, int off, int k) {
        float w = samples == null ? 1f : samples[sample];
        if (classes != null) {
            int label = k == 1 ? (y[off] > 0.5f ? 1 : 0) : Engine.argMax(y, off, k);
            w *= classes[label];
        }
        return w;
    }
}
