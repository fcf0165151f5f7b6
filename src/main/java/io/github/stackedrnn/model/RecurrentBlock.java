package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.layer.MergeMode;

import java.util.Arrays;

/**
 * One recurrent layer of the model as the user stacked it: a single {@link RnnLayerPlan}, or a
 * Bidirectional's pair of plans over the same input (the second reading backwards, {@code reverse}),
 * whose outputs it merges; or a single plan reading backwards (Keras's {@code go_backwards}), whose
 * output is its states in reading order ({@link #flip}). The pair's plans sit next to each other in {@link Network#rnn}, forward first,
 * so every per-plan buffer (caches, derived weights, dropout) stays indexed by plan.
 */
final class RecurrentBlock {
    final String name;
    final Layer config;
    final int first;          // index in Network#rnn of the (forward) plan
    final RnnLayerPlan forward;
    final RnnLayerPlan backward; // null for a plain layer
    final MergeMode merge;       // null for a plain layer
    final int in;
    final int width;             // the output width: U, or 2U when concatenating
    final boolean returnSequences;

    RecurrentBlock(String name, Layer config, int first, RnnLayerPlan forward, RnnLayerPlan backward, MergeMode merge) {
        this.name = name;
        this.config = config;
        this.first = first;
        this.forward = forward;
        this.backward = backward;
        this.merge = merge;
        this.in = forward.in;
        this.width = backward != null && merge == MergeMode.CONCAT ? 2 * forward.units : forward.units;
        this.returnSequences = forward.returnSequences;
    }

    boolean bidirectional() {
        return backward != null;
    }

    /**
     * @return true for a plain layer reading backwards (Keras's {@code go_backwards}): its output is its
     *         states in reading order, so it has a buffer of its own (see {@link #flip})
     */
    boolean readsBackwards() {
        return backward == null && forward.reverse;
    }

    /**
     * A backwards layer's output from its states {@code h [T, b, U]} (indexed by the input step each
     * read): Keras returns the outputs in reading order, so position k holds {@code h[T - 1 - k]}, masked
     * steps included (they carry the state). Without {@code returnSequences} the next layers read only the
     * last row, the state after step 0; every row is written all the same, so {@code hiddenStates} shows
     * the whole sequence in the order Keras would return it.
     */
    void flip(float[] h, float[] out, int time, int batch) {
        int step = batch * width;
        for (int k = 0; k < time; k++) {
            System.arraycopy(h, (time - 1 - k) * step, out, k * step, step);
        }
    }

    /** {@link #flip} backwards: {@code dh [T, b, U]} (overwritten) from the output's gradient {@code dOut}. */
    void unflip(float[] dOut, float[] dh, int time, int batch) {
        int step = batch * width;
        if (returnSequences) {
            for (int k = 0; k < time; k++) {
                System.arraycopy(dOut, k * step, dh, (time - 1 - k) * step, step);
            }
        } else {
            Arrays.fill(dh, 0, time * step, 0f);
            System.arraycopy(dOut, (time - 1) * step, dh, 0, step);
        }
    }

    int parameterCount() {
        return forward.parameterCount() + (backward == null ? 0 : backward.parameterCount());
    }

    /**
     * Merges the two directions' states into {@code out [T, b, width]}: at every step with
     * {@code returnSequences} (zero at masked steps, as Keras's Bidirectional outputs), else only at
     * the last row, from the forward state of step T - 1 and the backward state of step 0.
     */
    void merge(float[] hf, float[] hb, float[] out, int time, int batch, boolean[] valid) {
        int u = forward.units;
        if (returnSequences) {
            for (int t = 0; t < time; t++) {
                for (int s = 0; s < batch; s++) {
                    int row = t * batch + s;
                    if (valid != null && !valid[row]) {
                        Arrays.fill(out, row * width, (row + 1) * width, 0f);
                    } else {
                        mergeRow(hf, row * u, hb, row * u, out, row * width, u);
                    }
                }
            }
        } else {
            int last = (time - 1) * batch;
            for (int s = 0; s < batch; s++) {
                mergeRow(hf, (last + s) * u, hb, s * u, out, (last + s) * width, u);
            }
        }
    }

    private void mergeRow(float[] f, int fOff, float[] b, int bOff, float[] out, int o, int u) {
        switch (merge) {
            case CONCAT -> {
                System.arraycopy(f, fOff, out, o, u);
                System.arraycopy(b, bOff, out, o + u, u);
            }
            case SUM -> {
                for (int j = 0; j < u; j++) {
                    out[o + j] = f[fOff + j] + b[bOff + j];
                }
            }
            case MUL -> {
                for (int j = 0; j < u; j++) {
                    out[o + j] = f[fOff + j] * b[bOff + j];
                }
            }
            case AVE -> {
                for (int j = 0; j < u; j++) {
                    out[o + j] = (f[fOff + j] + b[bOff + j]) * 0.5f;
                }
            }
        }
    }

    /**
     * The merge backwards: from {@code dOut [T, b, width]} writes both directions' {@code dh [T, b, U]}
     * (overwritten; zero where the merge read nothing).
     */
    void split(float[] dOut, float[] hf, float[] hb, float[] dhf, float[] dhb, int time, int batch, boolean[] valid) {
        int u = forward.units;
        int n = time * batch * u;
        Arrays.fill(dhf, 0, n, 0f);
        Arrays.fill(dhb, 0, n, 0f);
        if (returnSequences) {
            for (int row = 0; row < time * batch; row++) {
                if (valid == null || valid[row]) {
                    splitRow(dOut, row * width, hf, dhf, row * u, hb, dhb, row * u, u);
                }
            }
        } else {
            int last = (time - 1) * batch;
            for (int s = 0; s < batch; s++) {
                splitRow(dOut, (last + s) * width, hf, dhf, (last + s) * u, hb, dhb, s * u, u);
            }
        }
    }

    private void splitRow(float[] d, int o, float[] f, float[] df, int fOff, float[] b, float[] db, int bOff, int u) {
        switch (merge) {
            case CONCAT -> {
                System.arraycopy(d, o, df, fOff, u);
                System.arraycopy(d, o + u, db, bOff, u);
            }
            case SUM -> {
                System.arraycopy(d, o, df, fOff, u);
                System.arraycopy(d, o, db, bOff, u);
            }
            case MUL -> {
                for (int j = 0; j < u; j++) {
                    df[fOff + j] = d[o + j] * b[bOff + j];
                    db[bOff + j] = d[o + j] * f[fOff + j];
                }
            }
            case AVE -> {
                for (int j = 0; j < u; j++) {
                    df[fOff + j] = d[o + j] * 0.5f;
                    db[bOff + j] = d[o + j] * 0.5f;
                }
            }
        }
    }
}
