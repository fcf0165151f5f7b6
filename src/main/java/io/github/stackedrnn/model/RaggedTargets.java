package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

import java.util.List;

/**
 * Targets of a list of sequences given as values rather than class indices, so that every head and
 * loss trains on ragged lists: one row {@code [K]} per sequence (a tensor {@code [N, K]}, {@code [N]}
 * for one unit, or {@code float[N][K]}), or for a model with per-step output one row per step of each
 * sequence ({@code [time_i][K]}). Checked whole when made, before anything changes; each bucket's
 * rows are then cut out in {@link #batch}.
 */
final class RaggedTargets {
    private final Network net;
    private final float[] rows;          // [N, K] one row per sequence, or null
    private final List<float[][]> steps; // [N] of [time_i][K], or null

    private RaggedTargets(Network net, float[] rows, List<float[][]> steps) {
        this.net = net;
        this.rows = rows;
        this.steps = steps;
    }

    /** One target row per sequence: {@code [N, K]}, or {@code [N]} for a head of one unit. */
    static RaggedTargets of(Tensor targets, List<float[][]> sequences, Network net) {
        RaggedData.check(sequences, net.features, net.firstLayer().name);
        if (net.perStepOutput()) {
            throw new IllegalArgumentException("The model outputs one prediction per time step; give one target row per step, "
                    + "a List<float[][]> whose element i is [time_i][" + net.outputUnits() + "]");
        }
        Targets.oneHot(targets, sequences.size(), 1, net); // checks the shape and every row for the loss
        return new RaggedTargets(net, targets.toFloatArray(), null);
    }

    /** One target row per sequence, {@code float[N][K]}. */
    static RaggedTargets of(float[][] targets, List<float[][]> sequences, Network net) {
        if (targets == null) {
            throw new IllegalArgumentException("targets must be float[" + (sequences == null ? "N" : sequences.size()) + "]["
                    + net.outputUnits() + "] but got null");
        }
        return of(Tensor.of(targets), sequences, net);
    }

    /** One target row per step of each sequence, for a model with per-step output. */
    static RaggedTargets ofSteps(List<float[][]> targets, List<float[][]> sequences, Network net) {
        RaggedData.check(sequences, net.features, net.firstLayer().name);
        int k = net.outputUnits();
        if (!net.perStepOutput()) {
            throw new IllegalArgumentException("The model outputs one prediction per sequence; give one target row per sequence, "
                    + "a Tensor [" + sequences.size() + ", " + k + "] or float[" + sequences.size() + "][" + k + "]");
        }
        if (targets == null || targets.size() != sequences.size()) {
            throw new IllegalArgumentException("targets must have one element per sequence, " + sequences.size() + " in all, but got "
                    + (targets == null ? "null" : targets.size()));
        }
        for (int i = 0; i < targets.size(); i++) {
            float[][] t = targets.get(i);
            int length = sequences.get(i).length;
            if (t == null || t.length != length) {
                throw new IllegalArgumentException("targets[" + i + "] must be [" + length + "][" + k + "], one row per step of sequence "
                        + i + ", but has " + (t == null ? "null" : t.length + " rows"));
            }
            for (int step = 0; step < length; step++) {
                if (t[step] == null || t[step].length != k) {
                    throw new IllegalArgumentException("targets[" + i + "][" + step + "] must have " + k + " values but has "
                            + (t[step] == null ? "null" : t[step].length));
                }
                Targets.checkRow(t[step], net.loss.loss.kind(), "[" + i + ", " + step + "]");
            }
        }
        return new RaggedTargets(net, null, List.copyOf(targets));
    }

    /** The targets of the sequences {@code members}, as a batch padded to {@code time} steps under {@code mask}. */
    Targets batch(Integer[] members, int time, SequenceMask mask) {
        int k = net.outputUnits();
        int b = members.length;
        if (rows != null) {
            float[] selected = new float[b * k];
            for (int s = 0; s < b; s++) {
                System.arraycopy(rows, members[s] * k, selected, s * k, k);
            }
            return Targets.oneHot(Tensor.of(selected, b, k), b, time, net);
        }
        float[] padded = new float[b * time * k];
        for (int s = 0; s < b; s++) {
            float[][] t = steps.get(members[s]);
            for (int step = 0; step < t.length; step++) {
                System.arraycopy(t[step], 0, padded, (s * time + step) * k, k);
            }
        }
        return Targets.oneHot(Tensor.of(padded, b, time, k), b, time, net, mask);
    }
}
