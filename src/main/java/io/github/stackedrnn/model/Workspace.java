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
        dropout = new Dropout[net.rnn.length];
        for (int l = 0; l < net.rnn.length && training; l++) {
            dropout[l] = Dropout.needed(net.rnn[l]) ? new Dropout(net.rnn[l], time, capacity) : null;
        }
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
