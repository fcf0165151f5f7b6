package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;

/**
 * A single sequence {@code float[time][features]} (or a single step {@code float[features]}) as a
 * batch of one, and a batch-of-one result without its batch axis: what makes a one-off prediction or
 * a one-stream step one line.
 */
final class OneSequence {
    private OneSequence() {
    }

    /** {@code [1, time, features]}, checked against the model: every step present, {@code features} wide. */
    static Tensor batchOf(float[][] sequence, Network net) {
        String layer = net.firstLayer().name;
        if (sequence == null) {
            throw new IllegalArgumentException(layer + ": expected a sequence float[time][" + net.features + "], got null");
        }
        RaggedData.check(java.util.List.<float[][]>of(sequence), net.features, layer);
        int time = sequence.length;
        float[] data = new float[time * net.features];
        for (int t = 0; t < time; t++) {
            System.arraycopy(sequence[t], 0, data, t * net.features, net.features);
        }
        return Tensor.wrap(data, 1, time, net.features);
    }

    /** {@code [1, features]}: one step of one stream. */
    static Tensor stepOf(float[] features, Network net) {
        if (features == null || features.length != net.features) {
            throw new IllegalArgumentException(net.firstLayer().name + ": a step must have " + net.features + " features but got "
                    + (features == null ? "null" : features.length));
        }
        return Tensor.of(features, 1, net.features);
    }

    /** The only sample of a batch of one: {@code [1, a, ...]} becomes {@code [a, ...]}. */
    static Tensor single(Tensor batchOfOne) {
        int[] shape = batchOfOne.shape();
        return Tensor.wrap(batchOfOne.toFloatArray(), Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** A state for one stream, or a clear refusal. */
    static void checkOneStream(RnnState state) {
        if (state != null && state.batchSize() != 1) {
            throw new IllegalArgumentException("A single sequence or step needs a state of one stream (newState(1)), but this state holds "
                    + state.batchSize() + " streams; give a Tensor [" + state.batchSize() + ", ...] instead");
        }
    }
}
