package io.github.stackedrnn.model;

/**
 * What one recurrent layer keeps for one chunk of a batch: forward writes it, backward only reads it
 * (and turns the state gradients into pre-activation gradients). Sized once per workspace for
 * {@code time} steps and up to {@code capacity} samples; rows are time-major, step t of sample s at row
 * {@code t·b + s}.
 */
final class RecurrentCache {
    final float[] z;          // [T, b, G·U] pre-activations x_t·W + b + h_(t-1)·U
    final float[][] states;   // [S][T, b, U] the states after each step; states[0] is h, the layer's output
    // training only (null in an inference cache)
    final float[] dz;         // [T, b, G·U] dL/dz
    final float[][] dStates;  // [S][T, b, U] dL/dstate; dStates[0] is dL/dh, which the layer above writes
    // only for cells that ask for them (null otherwise)
    final float[] r;          // [T, b, G·U] h_(t-1)·U (+ the recurrent bias), apart from z (RecurrentCell#separateRecurrent)
    final float[] dr;         // [T, b, G·U] dL/dr, training
    final float[] gated;      // [T, b, U] the vector the late column block of U multiplies (RecurrentCell#lateColumns)
    final float[] dGated;     // [b, U] dL/dgated of the step being run backwards, training
    final float[][] extra;    // [RecurrentCell#extraBuffers][T, b, U] what a cell keeps per step besides its states

    RecurrentCache(RecurrentCell cell, int time, int capacity, boolean training) {
        int rows = Sizes.buffer("a recurrent layer's steps", time, capacity);
        int states = cell.states();
        this.states = new float[states][];
        this.dStates = training ? new float[states][] : null;
        if (cell.stateIsPreActivation()) {
            this.z = new float[Sizes.buffer("the hidden states of a recurrent layer", rows, cell.units)];
            this.states[0] = z;
            this.dz = training ? new float[z.length] : null;
            if (training) {
                this.dStates[0] = dz;
            }
        } else {
            this.z = new float[Sizes.buffer("the gate pre-activations of a recurrent layer", rows, cell.gates(), cell.units)];
            this.dz = training ? new float[z.length] : null;
            for (int s = 0; s < states; s++) {
                this.states[s] = new float[rows * cell.units];
                if (training) {
                    this.dStates[s] = new float[rows * cell.units];
                }
            }
        }
        int gateWidth = cell.gates() * cell.units;
        boolean separate = cell.separateRecurrent();
        this.r = separate ? new float[rows * gateWidth] : null;
        this.dr = separate && training ? new float[rows * gateWidth] : null;
        boolean late = cell.lateColumns() > 0;
        this.gated = late ? new float[rows * cell.units] : null;
        this.dGated = late && training ? new float[capacity * cell.units] : null;
        this.extra = new float[cell.extraBuffers()][rows * cell.units];
    }

    /** @return h, {@code [T, b, U]} */
    float[] h() {
        return states[0];
    }

    /** @return dL/dh, {@code [T, b, U]} */
    float[] dh() {
        return dStates[0];
    }

    /** @return the floats this cache holds */
    long floats() {
        long n = z.length + (dz == null ? 0 : dz.length);
        for (int k = 0; k < states.length; k++) {
            if (states[k] != z) {
                n += states[k].length + (dStates == null ? 0 : dStates[k].length);
            }
        }
        return n;
    }
}
