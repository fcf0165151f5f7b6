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

    Batch(Tensor x, Targets targets, int[] order, int start, int size) {
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
