package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;

/**
 * Validated labels, one-hot or sparse, read row by row into a workspace. A row is one sample, or one
 * (sample, step) pair for per-step output.
 */
abstract class Targets {
    final int samples;
    final int time;     // steps per sample for per-step labels, else 1
    final int classes;  // K

    private Targets(int samples, int time, int classes) {
        this.samples = samples;
        this.time = time;
        this.classes = classes;
    }

    /** Writes the target distribution of (sample, step) into {@code dst[off, off + K)}. */
    abstract void copyRow(int sample, int step, float[] dst, int off);

    /** One-hot (or soft) labels {@code [batch, K]} or {@code [batch, time, K]}. */
    static Targets oneHot(Tensor y, int batch, int time, Network net) {
        return oneHot(y, batch, time, net, null);
    }

    /** As {@link #oneHot(Tensor, int, int, Network)}; rows at masked steps are not checked and read as zeros. */
    static Targets oneHot(Tensor y, int batch, int time, Network net, SequenceMask mask) {
        int[] expected = net.perStepOutput() ? new int[] {batch, time, net.classes()} : new int[] {batch, net.classes()};
        if (y == null) {
            throw new IllegalArgumentException("labels must be a tensor " + Arrays.toString(expected) + " but got null");
        }
        if (!Arrays.equals(y.shape(), expected)) {
            throw new IllegalArgumentException("labels must be " + Arrays.toString(expected) + " (one-hot, matching the output of "
                    + net.head.name + ") but got " + Arrays.toString(y.shape()));
        }
        int classes = net.classes();
        float[] row = new float[classes];
        int rows = y.size() / classes;
        boolean perStep = net.perStepOutput();
        for (int r = 0; r < rows; r++) {
            if (perStep && mask != null && !mask.valid(r / time, r % time)) {
                continue;
            }
            y.copyTo(r * classes, row, 0, classes);
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                float v = row[k];
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException("labels" + rowIndex(r, net.perStepOutput(), time) + " has value " + v
                            + " for class " + k + "; one-hot labels must lie in [0, 1]");
                }
                sum += v;
            }
            if (Math.abs(sum - 1.0) > 1e-3) {
                throw new IllegalArgumentException("labels" + rowIndex(r, net.perStepOutput(), time) + " sums to " + (float) sum
                        + "; each one-hot row must sum to 1");
            }
        }
        int steps = net.perStepOutput() ? time : 1;
        return new Targets(batch, steps, classes) {
            @Override
            void copyRow(int sample, int step, float[] dst, int off) {
                if (perStep && mask != null && !mask.valid(sample, step)) {
                    Arrays.fill(dst, off, off + classes, 0f);
                } else {
                    y.copyTo((sample * steps + step) * classes, dst, off, classes);
                }
            }
        };
    }

    /** Class indices, one per sample. */
    static Targets sparse(int[] labels, int batch, Network net) {
        if (net.perStepOutput()) {
            throw new IllegalArgumentException("The model outputs one prediction per time step ([batch, time, " + net.classes()
                    + "]); give labels as int[batch][time] or a one-hot tensor [batch, time, " + net.classes() + "]");
        }
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("labels must have one class per sample, " + batch + " in all, but got "
                    + (labels == null ? "null" : labels.length));
        }
        for (int i = 0; i < batch; i++) {
            checkClass(labels[i], "[" + i + "]", net.classes());
        }
        int[] copy = labels.clone();
        return new Targets(batch, 1, net.classes()) {
            @Override
            void copyRow(int sample, int step, float[] dst, int off) {
                Arrays.fill(dst, off, off + classes, 0f);
                dst[off + copy[sample]] = 1f;
            }
        };
    }

    /** Class indices, one per (sample, step). */
    static Targets sparse(int[][] labels, int batch, int time, Network net) {
        return sparse(labels, batch, time, net, null);
    }

    /** As {@link #sparse(int[][], int, int, Network)}; labels at masked steps are ignored (any value will do). */
    static Targets sparse(int[][] labels, int batch, int time, Network net, SequenceMask mask) {
        if (!net.perStepOutput()) {
            throw new IllegalArgumentException("The model outputs one prediction per sequence ([batch, " + net.classes()
                    + "]); give labels as int[batch] or a one-hot tensor [batch, " + net.classes() + "]");
        }
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("labels must be int[" + batch + "][" + time + "] but got "
                    + (labels == null ? "null" : "int[" + labels.length + "][...]"));
        }
        int[] flat = new int[batch * time];
        for (int i = 0; i < batch; i++) {
            if (labels[i] == null || labels[i].length != time) {
                throw new IllegalArgumentException("labels must be int[" + batch + "][" + time + "] but labels[" + i + "] has "
                        + (labels[i] == null ? "null" : "length " + labels[i].length));
            }
            for (int t = 0; t < time; t++) {
                if (mask != null && !mask.valid(i, t)) {
                    flat[i * time + t] = -1;
                    continue;
                }
                checkClass(labels[i][t], "[" + i + "][" + t + "]", net.classes());
                flat[i * time + t] = labels[i][t];
            }
        }
        return new Targets(batch, time, net.classes()) {
            @Override
            void copyRow(int sample, int step, float[] dst, int off) {
                Arrays.fill(dst, off, off + classes, 0f);
                int label = flat[sample * time + step];
                if (label >= 0) {
                    dst[off + label] = 1f;
                }
            }
        };
    }

    private static void checkClass(int label, String where, int classes) {
        if (label < 0 || label >= classes) {
            throw new IllegalArgumentException("label " + label + " at " + where + " is outside [0, " + classes + ")");
        }
    }

    private static String rowIndex(int row, boolean perStep, int time) {
        return perStep ? "[" + row / time + ", " + row % time + "]" : "[" + row + "]";
    }
}
