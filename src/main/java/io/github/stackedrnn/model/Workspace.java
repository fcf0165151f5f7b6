package io.github.stackedrnn.model;

import java.util.List;

/**
 * Every buffer one chunk of a batch needs for a forward pass and, if made for training, a backward
 * pass. Sized once for up to {@code timeCapacity} time steps and {@code capacity} samples, and reused
 * for any batch that fits (a shorter one uses a prefix of each buffer), so the per-step loops never
 * allocate. {@link #time} and {@link #batch} are the shape of the chunk currently in it.
 */
final class Workspace {
    final int timeCapacity; // the largest T it holds
    final int capacity;    // the largest b it holds
    int time;              // T of the chunk in use
    int batch;             // b of the chunk in use
    int first;             // index in the batch of the chunk's first sample
    final float[] x;       // [T, b, F] the chunk's input, time-major
    final RecurrentCache[] layers; // [L] each recurrent layer's pre-activations and states, kept for backward
    final float[] logits;  // [R, K]
    final float[] probs;   // [R, K]
    final float[] targets; // [R, K]
    final float[] rowWeight; // [R] sample × class weight of each row, when the batch has weights
    boolean weighted;      // true if rowWeight applies to the chunk in use
    final boolean[] valid; // [T, b] false at masked (padding) steps
    boolean masked;        // true if any step of the chunk in use is masked
    // training only (null in an inference workspace)
    final float[] dLogits; // [R, K]
    final float[] grads;   // [P] this chunk's share of the gradient
    float[] dx;            // [T, b, F] input gradient, allocated on first request
    final Dropout[] dropout; // [L] per layer, null where the layer has none (training only)
    // per recurrent block (Network#blocks), null for a plain forward layer: a Bidirectional's merged output
    // (a backwards layer's flipped one), its gradient, and the backward copy's input gradient before it is
    // added to the forward copy's (Bidirectional only)
    final float[][] merged;  // [T, b, width]
    final float[][] dMerged; // [T, b, width] training only
    final float[][] dInputScratch; // [T, b, in] training only
    final float[][] dense;   // [hidden Dense layers][R, units] their outputs
    final float[][] dDense;  // [hidden Dense layers][R, units] their gradients, training only
    // per Dropout layer (Network#dropouts), training only and null for rate 0: the mask a training step
    // drew and the dropped values the layer above reads (up to the top recurrent output laid out as the
    // buffer it follows, [T, b, width]; after a hidden Dense layer [R, width])
    final float[][] dropMask; // [Dropout layers][steps, b, width]
    final float[][] dropped;  // [Dropout layers][T, b, width] or [R, width]

    Workspace(Network net, int time, int capacity, boolean training) {
        checkSizes(net, time, capacity);
        this.timeCapacity = time;
        this.time = time;
        this.capacity = capacity;
        this.batch = capacity;
        int rows = net.head.rows(time, capacity); // at most T·b, which every cache below checks first
        int classes = net.outputUnits();
        x = new float[Sizes.buffer("the input of " + net.firstLayer().name, time, capacity, net.features)];
        layers = new RecurrentCache[net.rnn.length];
        for (int l = 0; l < net.rnn.length; l++) {
            layers[l] = net.rnn[l].cell.newCache(time, capacity, training);
        }
        logits = new float[Sizes.buffer("the outputs of " + net.head.name, rows, classes)];
        probs = new float[rows * classes];
        targets = new float[rows * classes];
        rowWeight = new float[rows];
        valid = new boolean[time * capacity];
        dLogits = training ? new float[rows * classes] : null;
        grads = training ? new float[net.parameterCount] : null;
        merged = new float[net.blocks.length][];
        dMerged = new float[net.blocks.length][];
        dInputScratch = new float[net.blocks.length][];
        for (int i = 0; i < net.blocks.length; i++) {
            RecurrentBlock b = net.blocks[i];
            if (b.bidirectional() || b.readsBackwards()) {
                merged[i] = new float[time * capacity * b.width];
                dMerged[i] = training ? new float[time * capacity * b.width] : null;
                dInputScratch[i] = training && b.bidirectional() ? new float[time * capacity * b.in] : null;
            }
        }
        dense = new float[net.hidden.length][];
        dDense = new float[net.hidden.length][];
        for (int k = 0; k < net.hidden.length; k++) {
            dense[k] = new float[rows * net.hidden[k].units];
            dDense[k] = training ? new float[rows * net.hidden[k].units] : null;
        }
        dropMask = new float[net.dropouts.length][];
        dropped = new float[net.dropouts.length][];
        for (int d = 0; d < net.dropouts.length && training; d++) {
            DropoutPlan p = net.dropouts[d];
            if (p.active()) {
                dropMask[d] = new float[Sizes.buffer("the dropout mask of " + p.name, p.steps(time), capacity, p.width)];
                dropped[d] = new float[Sizes.buffer("the outputs of " + p.name, p.stage <= net.blocks.length ? time : p.steps(time),
                        capacity, p.width)];
            }
        }
        dropout = new Dropout[net.rnn.length];
        for (int l = 0; l < net.rnn.length && training; l++) {
            dropout[l] = Dropout.needed(net.rnn[l]) ? new Dropout(net.rnn[l], time, capacity) : null;
        }
    }

    /**
     * Refuses, before any buffer is allocated, a batch shape whose buffers would not fit in an array:
     * the largest are the input, each layer's pre-activations and states, and the outputs.
     */
    static void checkSizes(Network net, int time, int capacity) {
        Sizes.buffer("the input of " + net.firstLayer().name, time, capacity, net.features);
        for (RnnLayerPlan p : net.rnn) {
            Sizes.buffer("the states of " + p.name, time, capacity, p.gateWidth);
        }
        for (RecurrentBlock b : net.blocks) {
            Sizes.buffer("the merged outputs of " + b.name, time, capacity, b.width);
        }
        for (DensePlan d : net.hidden) {
            Sizes.buffer("the outputs of " + d.name, time, capacity, d.units);
        }
        for (DropoutPlan d : net.dropouts) {
            Sizes.buffer("the outputs of " + d.name, time, capacity, d.width);
        }
        Sizes.buffer("the outputs of " + net.head.name, net.head.perStep ? time : 1, capacity, net.outputUnits());
    }

    /** @return recurrent block i's output, {@code [T, b, width]}: its plan's h, a Bidirectional's merged states, or a backwards layer's flipped ones */
    float[] output(Network net, int i) {
        return merged[i] != null ? merged[i] : layers[net.blocks[i].first].h();
    }

    /** @return the gradient of recurrent block i's output, {@code [T, b, width]} */
    float[] dOutput(Network net, int i) {
        return dMerged[i] != null ? dMerged[i] : layers[net.blocks[i].first].dh();
    }

    /** @return recurrent layer l's hidden states h, {@code [T, b, U_l]} */
    float[] h(int l) {
        return layers[l].h();
    }

    float[] inputGradient(int features) {
        if (dx == null) {
            dx = new float[Sizes.buffer("the input gradient", timeCapacity, capacity, features)];
        }
        return dx;
    }

    /** @return about how many floats this workspace holds, for the engine's retention cap */
    long floats() {
        long n = x.length + logits.length + probs.length + targets.length + rowWeight.length + (grads == null ? 0 : grads.length)
                + (dLogits == null ? 0 : dLogits.length) + (dx == null ? 0 : dx.length);
        for (RecurrentCache c : layers) {
            n += c.floats();
        }
        for (Dropout d : dropout) {
            n += d == null ? 0 : d.floats();
        }
        for (float[][] group : List.of(merged, dMerged, dInputScratch, dense, dDense, dropMask, dropped)) {
            for (float[] a : group) {
                n += a == null ? 0 : a.length;
            }
        }
        return n;
    }
}
