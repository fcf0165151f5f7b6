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

    /**
     * Keras's {@code sample_weight} and {@code class_weight} from {@code fit}'s options, checked against
     * the data and the model; null if neither is set.
     */
    static RowWeights of(io.github.stackedrnn.train.FitOptions options, int samples, Network net) {
        float[] sampleWeights = options.sampleWeights();
        java.util.Map<Integer, Double> classWeight = options.classWeight();
        if (sampleWeights == null && classWeight == null) {
            return null;
        }
        if (sampleWeights != null && sampleWeights.length != samples) {
            throw new IllegalArgumentException("sampleWeights has " + sampleWeights.length + " weights but fit got " + samples
                    + " samples; give one weight per sample");
        }
        float[] classes = null;
        if (classWeight != null) {
            int count;
            try {
                count = Targets.sparseClasses(net);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("classWeight needs a classifier (categorical cross-entropy, or one sigmoid "
                        + "unit), but the model's loss is " + net.loss.loss.kerasName() + " on " + net.outputUnits() + " outputs");
            }
            classes = new float[count];
            java.util.Arrays.fill(classes, 1f);
            for (java.util.Map.Entry<Integer, Double> e : classWeight.entrySet()) {
                if (e.getKey() >= count) {
                    throw new IllegalArgumentException("classWeight has class " + e.getKey() + " but the model has " + count
                            + " classes, [0, " + count + ")");
                }
                classes[e.getKey()] = e.getValue().floatValue();
            }
        }
        return new RowWeights(sampleWeights, classes);
    }

    /** The weights of the samples {@code members} (indices into this one's samples), renumbered from 0. */
    RowWeights select(Integer[] members) {
        if (samples == null) {
            return this;
        }
        float[] selected = new float[members.length];
        for (int i = 0; i < members.length; i++) {
            selected[i] = samples[members[i]];
        }
        return new RowWeights(selected, classes);
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
