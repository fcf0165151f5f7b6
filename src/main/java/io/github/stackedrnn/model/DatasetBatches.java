package io.github.stackedrnn.model;

import io.github.stackedrnn.data.DatasetException;
import io.github.stackedrnn.data.SequenceExample;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a batch of a data set's sequences into the {@link Batch} the arrays make: padded to its longest
 * sequence, masked, its targets checked against the model as {@code fit} on lists checks them. Each
 * sequence is checked first (features, finite values, the form and range of its target), so a bad one is
 * named by where it was read.
 */
final class DatasetBatches {
    private final Evaluator evaluator;
    private final Network net;
    private final RowWeights weights; // class weights, or null
    private final boolean needTargets;

    DatasetBatches(Evaluator evaluator, RowWeights weights, boolean needTargets) {
        this.evaluator = evaluator;
        this.net = evaluator.network();
        this.weights = weights;
        this.needTargets = needTargets;
    }

    /**
     * @param chunk the sequences, in the order read
     * @param first the position in the pass of the chunk's first sequence, to name one without a source
     */
    Batch batch(List<SequenceExample> chunk, long first) {
        int n = chunk.size();
        SequenceExample.Kind kind = chunk.get(0).kind();
        List<float[][]> sequences = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            SequenceExample e = chunk.get(i);
            check(e, kind, first + i);
            sequences.add(e.steps());
        }
        RaggedData data;
        try {
            switch (kind) {
                case CLASS: {
                    int[] labels = new int[n];
                    for (int i = 0; i < n; i++) {
                        labels[i] = chunk.get(i).label();
                    }
                    RaggedData.checkLabels(sequences, labels, null, net);
                    data = new RaggedData(evaluator, sequences, labels, null, n, weights);
                    break;
                }
                case STEP_CLASSES: {
                    int[][] labels = new int[n][];
                    for (int i = 0; i < n; i++) {
                        labels[i] = chunk.get(i).stepLabels();
                    }
                    RaggedData.checkLabels(sequences, null, labels, net);
                    data = new RaggedData(evaluator, sequences, null, labels, n, weights);
                    break;
                }
                case ROW: {
                    float[][] rows = new float[n][];
                    for (int i = 0; i < n; i++) {
                        rows[i] = chunk.get(i).target();
                    }
                    data = new RaggedData(evaluator, sequences, RaggedTargets.of(rows, sequences, net), n, weights);
                    break;
                }
                case STEP_ROWS: {
                    List<float[][]> rows = new ArrayList<>(n);
                    for (SequenceExample e : chunk) {
                        rows.add(e.stepTargets());
                    }
                    data = new RaggedData(evaluator, sequences, RaggedTargets.ofSteps(rows, sequences, net), n, weights);
                    break;
                }
                default:
                    data = new RaggedData(evaluator, sequences, null, null, n, weights);
                    break;
            }
        } catch (IllegalArgumentException e) {
            // a target the model cannot take (a binary label outside [0, 1], a row of the wrong width)
            throw new DatasetException(name(chunk.get(0), first) + " (the first of a batch of " + n + ")", e.getMessage(), e);
        }
        return data.epoch(null, n).get(0);
    }

    private void check(SequenceExample e, SequenceExample.Kind kind, long position) {
        if (e.kind() != kind) {
            throw new DatasetException(name(e, position), "its target is " + e.kind() + " but the batch's first sequence's is " + kind
                    + "; a data set gives every sequence the same form of target");
        }
        if (needTargets && kind == SequenceExample.Kind.NONE) {
            throw new DatasetException(name(e, position), "has no target; training and evaluating need one");
        }
        float[][] steps = e.steps();
        for (int t = 0; t < steps.length; t++) {
            float[] step = steps[t];
            if (step == null || step.length != net.features) {
                throw new DatasetException(name(e, position), "step " + t + " has " + (step == null ? "null" : step.length)
                        + " features but the model's input has " + net.features);
            }
            for (int f = 0; f < step.length; f++) {
                if (!Float.isFinite(step[f])) {
                    throw new DatasetException(name(e, position), "step " + t + " feature " + f + " is " + step[f]
                            + "; inputs must be finite");
                }
            }
        }
        if (kind == SequenceExample.Kind.CLASS || kind == SequenceExample.Kind.STEP_CLASSES) {
            int classes;
            try {
                classes = Targets.sparseClasses(net);
            } catch (IllegalArgumentException x) {
                throw new DatasetException(name(e, position), x.getMessage(), x);
            }
            int[] labels = kind == SequenceExample.Kind.CLASS ? new int[] {e.label()} : e.stepLabels();
            if (labels.length != (kind == SequenceExample.Kind.CLASS ? 1 : steps.length)) {
                throw new DatasetException(name(e, position), "has " + labels.length + " step labels for " + steps.length + " steps");
            }
            for (int label : labels) {
                if (label < 0 || label >= classes) {
                    throw new DatasetException(name(e, position), "class " + label + " is outside [0, " + classes + ")");
                }
            }
        } else if (kind == SequenceExample.Kind.ROW && e.target().length != net.outputUnits()) {
            throw new DatasetException(name(e, position), "its target row has " + e.target().length + " values but the model outputs "
                    + net.outputUnits());
        }
    }

    static String name(SequenceExample e, long position) {
        return e.source() != null ? e.source() : "sequence " + position + " of the pass";
    }
}
