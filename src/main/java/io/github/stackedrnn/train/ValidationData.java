package io.github.stackedrnn.train;

import io.github.stackedrnn.model.SequenceMask;
import io.github.stackedrnn.tensor.Tensor;

import java.util.List;

/**
 * Held-out data that {@code fit} evaluates after every epoch, Keras's {@code validation_data=(x, y)}:
 * a padded tensor (with a {@link SequenceMask} if it is padded), or a list of sequences of different
 * lengths, with labels in any form {@code fit} takes. Checked against the model when {@code fit} starts.
 * Immutable (label and target arrays are copied; the sequences of a list are not, so do not change
 * them while {@code fit} runs).
 *
 * <pre>{@code
 * model.fit(x, labels, FitOptions.builder().epochs(20)
 *         .validationData(ValidationData.of(xVal, labelsVal))                 // a tensor [samples, time, features]
 *         .build());
 * model.fit(sequences, targets, FitOptions.builder().epochs(20)
 *         .validationData(ValidationData.of(validationSequences, validationTargets))   // List<float[][]>, ragged
 *         .build());
 * ValidationData.of(xVal, labelsVal, SequenceMask.ofLengths(lengths, xVal.dim(1)));   // padded, with its mask
 * }</pre>
 */
public final class ValidationData {
    private final Tensor x;
    private final List<float[][]> sequences;
    private final Tensor labels;
    private final int[] classes;
    private final int[][] stepClasses;
    private final float[][] targetRows;
    private final List<float[][]> stepTargets;
    private final SequenceMask mask;
    private final io.github.stackedrnn.data.SequenceDataset dataset;

    private ValidationData(io.github.stackedrnn.data.SequenceDataset dataset) {
        if (dataset == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `dataset`, expected a SequenceDataset, got null.");
        }
        this.dataset = dataset;
        this.x = null;
        this.sequences = null;
        this.labels = null;
        this.classes = null;
        this.stepClasses = null;
        this.targetRows = null;
        this.stepTargets = null;
        this.mask = null;
    }

    /**
     * A data set read once after every epoch, in its order (issue 18).
     *
     * @param dataset sequences with targets
     * @return the validation data
     * @throws IllegalArgumentException if it is null
     */
    public static ValidationData of(io.github.stackedrnn.data.SequenceDataset dataset) {
        return new ValidationData(dataset);
    }

    /** @return the validation data set, or null if the data is given as arrays */
    public io.github.stackedrnn.data.SequenceDataset dataset() {
        return dataset;
    }

    private ValidationData(Tensor x, List<float[][]> sequences, Tensor labels, int[] classes, int[][] stepClasses,
                           float[][] targetRows, List<float[][]> stepTargets, SequenceMask mask) {
        if (x == null && sequences == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `x`, expected a tensor "
                    + "[samples, time, features] or a list of sequences, got null.");
        }
        if (labels == null && classes == null && stepClasses == null && targetRows == null && stepTargets == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `labels`, expected labels, got null.");
        }
        this.x = x;
        this.sequences = sequences;
        this.labels = labels;
        this.classes = classes;
        this.stepClasses = stepClasses;
        this.targetRows = targetRows;
        this.stepTargets = stepTargets;
        this.mask = mask;
        this.dataset = null;
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels targets shaped as the model's output: one-hot, binary labels or regression targets
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(Tensor x, Tensor labels) {
        return new ValidationData(x, null, labels, null, null, null, null, null);
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels one class index per sample
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(Tensor x, int[] labels) {
        return new ValidationData(x, null, null, labels == null ? null : labels.clone(), null, null, null, null);
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels one class index per sample and step, for a model with per-step output
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(Tensor x, int[][] labels) {
        return new ValidationData(x, null, null, null, copy(labels), null, null, null);
    }

    /**
     * Padded or masked validation sequences, evaluated as {@code evaluate(x, labels, mask)} does.
     *
     * @param x      inputs {@code [samples, time, features]}
     * @param labels targets shaped as the model's output (rows at masked steps are ignored)
     * @param mask   which steps are valid, {@code [samples, time]}
     * @return the validation data
     * @throws IllegalArgumentException if any is null
     */
    public static ValidationData of(Tensor x, Tensor labels, SequenceMask mask) {
        return new ValidationData(x, null, labels, null, null, null, null, notNull(mask));
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels one class index per sample
     * @param mask   which steps are valid, {@code [samples, time]}
     * @return the validation data
     * @throws IllegalArgumentException if any is null
     */
    public static ValidationData of(Tensor x, int[] labels, SequenceMask mask) {
        return new ValidationData(x, null, null, labels == null ? null : labels.clone(), null, null, null, notNull(mask));
    }

    /**
     * @param x      inputs {@code [samples, time, features]}
     * @param labels one class index per sample and step (values at masked steps are ignored)
     * @param mask   which steps are valid, {@code [samples, time]}
     * @return the validation data
     * @throws IllegalArgumentException if any is null
     */
    public static ValidationData of(Tensor x, int[][] labels, SequenceMask mask) {
        return new ValidationData(x, null, null, null, copy(labels), null, null, notNull(mask));
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param labels    one class index per sequence
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(List<float[][]> sequences, int[] labels) {
        return new ValidationData(null, list(sequences), null, labels == null ? null : labels.clone(), null, null, null, null);
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param labels    {@code labels[i]} has one class per step of sequence {@code i} (per-step output)
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(List<float[][]> sequences, int[][] labels) {
        return new ValidationData(null, list(sequences), null, null, copy(labels), null, null, null);
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param targets   one row per sequence, {@code [samples, units]} (or {@code [samples]} for one unit):
     *                  one-hot, binary labels or regression targets
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(List<float[][]> sequences, Tensor targets) {
        return new ValidationData(null, list(sequences), targets, null, null, null, null, null);
    }

    /**
     * @param sequences each {@code [time_i][features]}
     * @param targets   one row per sequence, {@code [samples][units]}
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(List<float[][]> sequences, float[][] targets) {
        return new ValidationData(null, list(sequences), null, null, null, copy(targets), null, null);
    }

    /**
     * For a model with per-step output.
     *
     * @param sequences each {@code [time_i][features]}
     * @param targets   {@code targets.get(i)} has one row per step of sequence {@code i}, {@code [time_i][units]}
     * @return the validation data
     * @throws IllegalArgumentException if either is null
     */
    public static ValidationData of(List<float[][]> sequences, List<float[][]> targets) {
        List<float[][]> copy = null;
        if (targets != null) {
            copy = new java.util.ArrayList<>();
            for (float[][] t : targets) {
                copy.add(copy(t));
            }
            copy = java.util.Collections.unmodifiableList(copy);
        }
        return new ValidationData(null, list(sequences), null, null, null, null, copy, null);
    }

    /** @return the inputs as a tensor, or null if they are a list of sequences */
    public Tensor x() {
        return x;
    }

    /** @return the inputs as a list of sequences (unmodifiable), or null if they are a tensor */
    public List<float[][]> sequences() {
        return sequences;
    }

    /** @return the mask of the tensor inputs, or null for none */
    public SequenceMask mask() {
        return mask;
    }

    /** @return the label tensor, or null if the labels are given otherwise */
    public Tensor labelTensor() {
        return labels;
    }

    /** @return a copy of the per-sample class indices, or null */
    public int[] classIndices() {
        return classes == null ? null : classes.clone();
    }

    /** @return a copy of the per-step class indices, or null */
    public int[][] stepClassIndices() {
        return copy(stepClasses);
    }

    /** @return a copy of the per-sequence target rows {@code [samples][units]}, or null */
    public float[][] targetRows() {
        return copy(targetRows);
    }

    /** @return the per-step target rows of a list of sequences (unmodifiable; each {@code [time_i][units]}), or null */
    public List<float[][]> stepTargets() {
        return stepTargets;
    }

    private static SequenceMask notNull(SequenceMask mask) {
        if (mask == null) {
            throw new IllegalArgumentException("Received an invalid value for argument `mask`, expected a SequenceMask, got null.");
        }
        return mask;
    }

    private static List<float[][]> list(List<float[][]> sequences) {
        if (sequences == null) {
            return null;
        }
        if (sequences.contains(null)) {
            throw new IllegalArgumentException("Received an invalid value for argument `sequences`, expected sequences, got null "
                    + "at " + sequences.indexOf(null) + ".");
        }
        return List.copyOf(sequences);
    }

    private static int[][] copy(int[][] labels) {
        if (labels == null) {
            return null;
        }
        int[][] copy = new int[labels.length][];
        for (int i = 0; i < labels.length; i++) {
            copy[i] = labels[i] == null ? null : labels[i].clone();
        }
        return copy;
    }

    private static float[][] copy(float[][] rows) {
        if (rows == null) {
            return null;
        }
        float[][] copy = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i] == null ? null : rows[i].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        return "ValidationData{" + (dataset != null ? "dataset=" + dataset : x != null ? "x=" + Tensor.formatShape(x.shape()) + (mask == null ? "" : ", masked")
                : "sequences=" + sequences.size()) + "}";
    }
}
