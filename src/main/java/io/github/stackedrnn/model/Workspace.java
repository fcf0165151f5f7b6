package io.github.stackedrnn.model;

/**
 * Every buffer one chunk of a batch needs for a forward pass and, if made for training, a backward
 * pass. Sized once for a number of time steps and up to {@code capacity} samples, and reused, so the
 * per-step loops never allocate. {@link #batch} is the size of the chunk currently in it.
 */
final class Workspace {
    final int time;        // T
    final int capacity;    // the largest b it holds
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
    // per recurrent block (Network#blocks), null for a plain layer: a Bidirectional's merged output, its
    // gradient, and the backward copy's input gradient before it is added to the forward copy's
    final float[][] merged;  // [T, b, width]
    final float[][] dMerged; // [T, b, width] training only
    final float[][] dInputScratch; // [T, b, in] training only
    final float[][] dense;   // [hidden Dense layers][R, units] their outputs
    final float[][] dDense;  // [hidden Dense layers][R, units] their gradients, training only

    Workspace(Network net, int time, int capacity, boolean training) {
        this.time = time;
        this.capacity = capacity;
        this.batch = capacity;
        int rows = net.head.rows(time, capacity);
        int classes = net.outputUnits();
        x = new float[time * capacity * net.features];
        layers = new RecurrentCache[net.rnn.length];
        for (int l = 0; l < net.rnn.length; l++) {
            layers[l] = net.rnn[l].cell.newCache(time, capacity, training);
        }
        logits = new float[rows * classes];
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
            if (b.bidirectional()) {
                merged[i] = new float[time * capacity * b.width];
                dMerged[i] = training ? new float[time * capacity * b.width] : null;
                dInputScratch[i] = training ? new float[time * capacity * b.in] : null;
            }
        }
        dense = new float[net.hidden.length][];
        dDense = new float[net.hidden.length][];
        for (int k = 0; k < net.hidden.length; k++) {
            dense[k] = new float[rows * net.hidden[k].units];
            dDense[k] = training ? new float[rows * net.hidden[k].units] : null;
        }
        dropout = new Dropout[net.rnn.length];
        for (int l = 0; l < net.rnn.length && training; l++) {
            dropout[l] = Dropout.needed(net.rnn[l]) ? new Dropout(net.rnn[l], time, capacity) : null;
        }
    }

    /** @return recurrent block i's output, {@code [T, b, width]}: its plan's h, or a Bidirectional's merged states */
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
            dx = new float[time * capacity * features];
        }
        return dx;
    }
}
