package io.github.stackedrnn.spark;

import java.io.Serializable;

/**
 * What the partitions that trained in a round add up: their weights and optimizer slots (in double
 * precision, summed, to be divided by {@link #models}), and their training figures.
 */
final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;

    final int models;        // partitions that took at least one step
    final long maxSteps;     // the most steps one of them took
    final long rows;         // training rows seen
    final double lossSum;    // sum over batches of the batch's mean loss × its rows
    final long correct;      // rows whose arg-max, before the step, was the label
    final double[] weights;  // [P] sum of the local weights
    final double[][] slots;  // [S][P] sum of the local optimizer slots

    Contribution(int models, long maxSteps, long rows, double lossSum, long correct, double[] weights, double[][] slots) {
        this.models = models;
        this.maxSteps = maxSteps;
        this.rows = rows;
        this.lossSum = lossSum;
        this.correct = correct;
        this.weights = weights;
        this.slots = slots;
    }

    /** @return {@code a + b}, written into {@code a}'s arrays (addition of doubles is commutative, so the order of the two does not matter) */
    static Contribution sum(Contribution a, Contribution b) {
        if (a.weights.length != b.weights.length || a.slots.length != b.slots.length) {
            throw new IllegalStateException("Contributions of different models: " + a.weights.length + " and " + b.weights.length
                    + " parameters, " + a.slots.length + " and " + b.slots.length + " slots");
        }
        for (int i = 0; i < a.weights.length; i++) {
            a.weights[i] += b.weights[i];
        }
        for (int s = 0; s < a.slots.length; s++) {
            for (int i = 0; i < a.slots[s].length; i++) {
                a.slots[s][i] += b.slots[s][i];
            }
        }
        return new Contribution(a.models + b.models, Math.max(a.maxSteps, b.maxSteps), a.rows + b.rows, a.lossSum + b.lossSum,
                a.correct + b.correct, a.weights, a.slots);
    }
}
