package io.github.stackedrnn.train;

import io.github.stackedrnn.tensor.Tensor;

/**
 * Held-out data that {@code fit} evaluates after every epoch, Keras's {@code validation_data=(x, y)}.
 * Checked against the model when {@code fit} starts. Immutable (label arrays are copied).
 */
public final class ValidationData {
    private final Tensor x;
    private final Tensor labels;
    private final int[] classes;
    private final int[][] stepClasses;

    private ValidationData(Tensor x, Tensor labels, int[] classes, int[][] stepClasses) {
        if (x == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `x`, expected a tensor "
                    + "[samples, time, features], got null.");
        }
        if (labels == null && classes == null && stepClasses == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `labels`, expected labels, got null.");
        }
        this.x = x;
        this.labels = labels;
        this.classes = classes;
        this.stepClasses = stepClasses;
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels targets shaped as the model's output: one-hot, binary labels or regression targets
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(Tensor x, Tensor labels) {
        return new ValidationData(x, labels, null, null);
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels one class index per sample
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(Tensor x, int[] labels) {
        return new ValidationData(x, null, labels == null ? null : labels.clone(), null);
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels one class index per sample and step, for a model with per-step output
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(Tensor x, int[][] labels) {
        int[][] copy = null;
        if (labels != null) {
            copy = new int[labels.length][];
            for (int i = 0; i < labels.length; i++) {
                copy[i] = labels[i] == null ? null : labels[i].clone();
            }
        }
        return new ValidationData(x, null, null, copy);
    }

    /** @return the inputs */
    public Tensor x() {
        return x;
    }

    /** @return the label tensor, or null if the labels are class indices */
    public Tensor labelTensor() {
        return labels;
    }

    /** @return a copy of the per-sample class indices, or null */
    public int[] classIndices() {
        return classes == null ? null : classes.clone();
    }

    /** @return a copy of the per-step class indices, or null */
    public int[][] stepClassIndices() {
        if (stepClasses == null) {
            return null;
        }
        int[][] copy = new int[stepClasses.length][];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = stepClasses[i] == null ? null : stepClasses[i].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        return "ValidationData{x=" + Tensor.formatShape(x.shape()) + "}";
    }
}
