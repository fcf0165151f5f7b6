package io.github.stackedrnn.model;

import io.github.stackedrnn.loss.Loss;
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

    /**
     * As {@link #oneHot(Tensor, int, int, Network)}; rows at masked steps are not checked and read as
     * zeros. What a row must hold depends on the loss: a distribution (categorical cross-entropy),
     * values in [0, 1] (binary cross-entropy), or any finite values (regression). A head of one unit
     * without per-step output also takes targets {@code [batch]}.
     */
    static Targets oneHot(Tensor y, int batch, int time, Network net, SequenceMask mask) {
        boolean perStep = net.perStepOutput();
        int[] expected = perStep ? new int[] {batch, time, net.outputUnits()} : new int[] {batch, net.outputUnits()};
        String what = describe(net);
        if (y == null) {
            throw new IllegalArgumentException("labels must be a tensor " + Arrays.toString(expected) + " but got null");
        }
        boolean flat = !perStep && net.outputUnits() == 1 && Arrays.equals(y.shape(), new int[] {batch});
        if (!Arrays.equals(y.shape(), expected) && !flat) {
            throw new IllegalArgumentException("labels must be " + Arrays.toString(expected) + " (" + what + ", matching the output of "
                    + net.head.name + ") but got " + Arrays.toString(y.shape()));
        }
        int classes = net.outputUnits();
        float[] row = new float[classes];
        int rows = y.size() / classes;
        Loss.Kind kind = net.loss.loss.kind();
        for (int r = 0; r < rows; r++) {
            if (perStep && mask != null && !mask.valid(r / time, r % time)) {
                continue;
            }
            y.copyTo(r * classes, row, 0, classes);
            checkRow(row, kind, rowIndex(r, perStep, time));
        }
        int steps = perStep ? time : 1;
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

    static void checkRow(float[] row, Loss.Kind kind, String where) {
        double sum = 0;
        for (int k = 0; k < row.length; k++) {
            float v = row[k];
            if (kind == Loss.Kind.MEAN_SQUARED_ERROR || kind == Loss.Kind.MEAN_ABSOLUTE_ERROR) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("targets" + where + " has value " + v + " at output " + k
                            + "; regression targets must be finite");
                }
            } else if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException("labels" + where + " has value " + v + " for " + (kind == Loss.Kind.BINARY_CROSSENTROPY
                        ? "output " : "class ") + k + "; " + (kind == Loss.Kind.BINARY_CROSSENTROPY ? "binary" : "one-hot")
                        + " labels must lie in [0, 1]");
            }
            sum += v;
        }
        if (kind == Loss.Kind.CATEGORICAL_CROSSENTROPY && Math.abs(sum - 1.0) > 1e-3) {
            throw new IllegalArgumentException("labels" + where + " sums to " + (float) sum + "; each one-hot row must sum to 1");
        }
    }

    private static String describe(Network net) {
        switch (net.loss.loss.kind()) {
            case CATEGORICAL_CROSSENTROPY:
                return "one-hot";
            case BINARY_CROSSENTROPY:
                return "binary labels in [0, 1]";
            default:
                return "regression targets";
        }
    }

    /** Class indices need a classifier: softmax with categorical cross-entropy, or one sigmoid unit (0 or 1). */
    static int sparseClasses(Network net) {
        Loss.Kind kind = net.loss.loss.kind();
        if (kind == Loss.Kind.CATEGORICAL_CROSSENTROPY) {
            return net.outputUnits();
        }
        if (kind == Loss.Kind.BINARY_CROSSENTROPY && net.outputUnits() == 1) {
            return 2;
        }
        throw new IllegalArgumentException("The model's loss is " + net.loss.loss.kerasName() + " on " + net.outputUnits()
                + " output" + (net.outputUnits() == 1 ? "" : "s") + "; give its targets as a tensor, not as class indices");
    }

    /** Writes class {@code label} of a sparse target: one-hot, or the 0/1 value of a single sigmoid unit. */
    private static void writeSparse(int label, float[] dst, int off, int width) {
        Arrays.fill(dst, off, off + width, 0f);
        if (width == 1) {
            dst[off] = label;
        } else {
            dst[off + label] = 1f;
        }
    }

    /** Class indices, one per sample. */
    static Targets sparse(int[] labels, int batch, Network net) {
        if (net.perStepOutput()) {
            throw new IllegalArgumentException("The model outputs one prediction per time step ([batch, time, " + net.outputUnits()
                    + "]); give labels as int[batch][time] or a one-hot tensor [batch, time, " + net.outputUnits() + "]");
        }
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("labels must have one class per sample, " + batch + " in all, but got "
                    + (labels == null ? "null" : labels.length));
        }
        int classes = sparseClasses(net);
        for (int i = 0; i < batch; i++) {
            checkClass(labels[i], "[" + i + "]", classes);
        }
        int[] copy = labels.clone();
        return new Targets(batch, 1, net.outputUnits()) {
            @Override
            void copyRow(int sample, int step, float[] dst, int off) {
                writeSparse(copy[sample], dst, off, this.classes);
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
            throw new IllegalArgumentException("The model outputs one prediction per sequence ([batch, " + net.outputUnits()
                    + "]); give labels as int[batch] or a one-hot tensor [batch, " + net.outputUnits() + "]");
        }
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("labels must be int[" + batch + "][" + time + "] but got "
                    + (labels == null ? "null" : "int[" + labels.length + "][...]"));
        }
        int classes = sparseClasses(net);
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
                checkClass(labels[i][t], "[" + i + "][" + t + "]", classes);
                flat[i * time + t] = labels[i][t];
            }
        }
        return new Targets(batch, time, net.outputUnits()) {
            @Override
            void copyRow(int sample, int step, float[] dst, int off) {
                int label = flat[sample * time + step];
                if (label >= 0) {
                    writeSparse(label, dst, off, this.classes);
                } else {
                    Arrays.fill(dst, off, off + this.classes, 0f);
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
