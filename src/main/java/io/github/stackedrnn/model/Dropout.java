package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.MatrixKernels;

/**
 * One recurrent layer's dropout in one training chunk, with Keras's semantics: one mask per sequence
 * for the input features ({@code [b, in]}) and one for the previous state ({@code [b, U]}), each
 * reused at every time step; kept values are scaled by {@code 1 / (1 - rate)}. Buffers are sized once
 * per workspace; the masks are redrawn for every training step from a key, the sample's position in
 * the batch and the layer, so they do not depend on how the batch is split across threads.
 */
final class Dropout {
    final float inputRate;
    final float stateRate;
    final float[] inputMask;    // [b, in], or null without input dropout
    final float[] droppedInput; // [T, b, in] x ⊙ mask, kept for dW
    final float[] stateMask;    // [b, U], or null without recurrent dropout
    final float[] droppedState; // [T, b, U] h_t ⊙ mask at row t, for the product at step t + 1 and for dU
    private final float[] scratch; // [b, U] dz_t·Uᵀ before the mask

    Dropout(RnnLayerPlan p, int time, int capacity) {
        this.inputRate = (float) p.cell.dropout();
        this.stateRate = (float) p.cell.recurrentDropout();
        this.inputMask = inputRate > 0 ? new float[capacity * p.in] : null;
        this.droppedInput = inputRate > 0 ? new float[time * capacity * p.in] : null;
        this.stateMask = stateRate > 0 ? new float[capacity * p.units] : null;
        this.droppedState = stateRate > 0 ? new float[time * capacity * p.units] : null;
        this.scratch = stateRate > 0 ? new float[capacity * p.units] : null;
    }

    static boolean needed(RnnLayerPlan p) {
        return p.cell.dropout() > 0 || p.cell.recurrentDropout() > 0;
    }

    /** Draws this step's masks for samples {@code first .. first + batch - 1} of the batch. */
    void draw(long key, int layer, int first, int batch, int in, int units) {
        if (inputMask != null) {
            fill(inputMask, key, 2 * layer, first, batch, in, inputRate);
        }
        if (stateMask != null) {
            fill(stateMask, key, 2 * layer + 1, first, batch, units, stateRate);
        }
    }

    private static void fill(float[] mask, long key, int stream, int first, int batch, int width, float rate) {
        float kept = 1f / (1f - rate);
        for (int s = 0; s < batch; s++) {
            long state = mix(key ^ mix(stream * 0x632BE59BD9B4E019L + first + s + 1));
            for (int j = 0; j < width; j++) {
                state += 0x9E3779B97F4A7C15L;
                double u = (mix(state) >>> 11) * 0x1.0p-53;
                mask[s * width + j] = u < rate ? 0f : kept;
            }
        }
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    void maskInput(float[] x, int time, int batch, int in) {
        for (int t = 0; t < time; t++) {
            int row = t * batch * in;
            for (int i = 0; i < batch * in; i++) {
                droppedInput[row + i] = x[row + i] * inputMask[i];
            }
        }
    }

    void maskInputGradient(float[] dx, int time, int batch, int in) {
        for (int t = 0; t < time; t++) {
            int row = t * batch * in;
            for (int i = 0; i < batch * in; i++) {
                dx[row + i] *= inputMask[i];
            }
        }
    }

    /** {@code droppedState[off..] = h[off..] ⊙ mask} for one step. */
    void maskState(float[] h, int off, int batch, int units) {
        for (int i = 0; i < batch * units; i++) {
            droppedState[off + i] = h[off + i] * stateMask[i];
        }
    }

    /** {@code dh_(t-1) += (dz_t·Uᵀ) ⊙ mask}: the gradient reaches only the state that was kept. */
    void recurrentGradient(float[] dz, int dzOff, float[] transposedRecurrent, float[] dh, int prevOff, int batch, int gateWidth,
                           int units) {
        java.util.Arrays.fill(scratch, 0, batch * units, 0f);
        MatrixKernels.multAdd(dz, dzOff, transposedRecurrent, 0, scratch, 0, batch, gateWidth, units);
        for (int i = 0; i < batch * units; i++) {
            dh[prevOff + i] += scratch[i] * stateMask[i];
        }
    }

    /** @return the floats this dropout's buffers hold */
    long floats() {
        return length(inputMask) + length(droppedInput) + length(stateMask) + length(droppedState) + length(scratch);
    }

    private static long length(float[] a) {
        return a == null ? 0 : a.length;
    }
}
