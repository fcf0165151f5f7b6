package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.tensor.Tensor;

import java.util.List;

/**
 * Class indices from a classifier's outputs, Keras's {@code np.argmax(model.predict(x), -1)} for a
 * softmax head and {@code (model.predict(x) > threshold).astype(int)} for one sigmoid unit. Ties go to
 * the lower index: a softmax row's first largest probability, and 0 for a sigmoid output equal to the
 * threshold.
 */
final class ClassPredictions {
    /** Keras's and scikit-learn's threshold for a binary classifier. */
    static final double DEFAULT_THRESHOLD = 0.5;

    private ClassPredictions() {
    }

    /**
     * Checks that the head gives classes and that a threshold, if given, suits it.
     *
     * @param threshold the sigmoid unit's threshold, or null when the caller gave none
     */
    static void check(Network net, Double threshold, boolean perStep) {
        if (perStep != net.perStepOutput()) {
            throw new IllegalArgumentException(perStep
                    ? "The model outputs one prediction per sequence; use predictClasses, not predictStepClasses"
                    : "The model outputs one prediction per time step; use predictStepClasses, one class per step");
        }
        Activation activation = net.head.activation;
        boolean softmax = activation == Activation.SOFTMAX;
        boolean binary = activation == Activation.SIGMOID && net.outputUnits() == 1;
        if (!softmax && !binary) {
            throw new IllegalArgumentException("predictClasses needs a classifier head, softmax or a single sigmoid unit, but "
                    + net.head.name + " is " + activation.kerasName() + " with " + net.outputUnits() + " unit"
                    + (net.outputUnits() == 1 ? "" : "s") + "; use predict(x) (and Tensor.argMax(-1) if its outputs are scores)");
        }
        if (threshold != null) {
            if (softmax) {
                throw new IllegalArgumentException("A threshold applies to a single sigmoid unit; the class of a softmax head is "
                        + "its most probable one. Call predictClasses without a threshold");
            }
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("Received an invalid value for argument `threshold`, expected a number in [0, 1], got "
                        + threshold + ".");
            }
        }
    }

    /** The class of every output row of {@code outputs} (its last axis is the head's units). */
    static int[] classes(Network net, Tensor outputs, Double threshold) {
        if (net.head.activation == Activation.SOFTMAX) {
            return outputs.argMax(-1);
        }
        double t = threshold == null ? DEFAULT_THRESHOLD : threshold;
        float[] p = outputs.toFloatArray();
        int[] out = new int[p.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = p[i] > t ? 1 : 0;
        }
        return out;
    }

    /** {@code [batch][time]} classes from per-step outputs {@code [batch, time, K]}. */
    static int[][] perStep(Network net, Tensor outputs, Double threshold) {
        int[] flat = classes(net, outputs, threshold);
        int batch = outputs.dim(0);
        int time = outputs.dim(1);
        int[][] out = new int[batch][];
        for (int s = 0; s < batch; s++) {
            out[s] = java.util.Arrays.copyOfRange(flat, s * time, (s + 1) * time);
        }
        return out;
    }

    /** One class per sequence, from the outputs {@code [K]} of a list of sequences. */
    static int[] ofSequences(Network net, List<Tensor> outputs, Double threshold) {
        int[] out = new int[outputs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes(net, outputs.get(i), threshold)[0];
        }
        return out;
    }

    /** One class per step of each sequence, from the outputs {@code [time_i, K]} of a list of sequences. */
    static int[][] stepsOfSequences(Network net, List<Tensor> outputs, Double threshold) {
        int[][] out = new int[outputs.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes(net, outputs.get(i), threshold);
        }
        return out;
    }
}
