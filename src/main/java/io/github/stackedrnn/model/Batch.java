package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

/**
 * Which samples of a data set form one batch: {@code size} samples starting at position
 * {@code start}, taken through {@code order} (a shuffled index) or, without it, consecutively.
 */
final class Batch {
    final Tensor x;          // [N, T, F]
    final Targets targets;   // may be null for prediction
    final int[] order;       // sample indices, or null for consecutive samples
    final int start;
    final int size;          // B
    final int time;          // T
    final SequenceMask mask; // [N, T] valid steps, or null when all are
    final RnnState state;    // initial and final hidden states for streaming, or null for h_0 = 0
    final RowWeights weights; // sample and class weights of the loss, or null for none

    Batch(Tensor x, Targets targets, int[] order, int start, int size) {
        this(x, targets, order, start, size, null, null);
    }

    Batch(Tensor x, Targets targets, int[] order, int start, int size, SequenceMask mask, RnnState state) {
        this(x, targets, order, start, size, mask, state, null);
    }

    Batch(Tensor x, Targets targets, int[] order, int start, int size, SequenceMask mask, RnnState state, RowWeights weights) {
        this.weights = weights;
        this.mask = mask;
        this.state = state;
        this.x = x;
        this.targets = targets;
        this.order = order;
        this.start = start;
        this.size = size;
        this.time = x.dim(1);
    }

    int sample(int i) {
        return order == null ? start + i : order[start + i];
    }
}
