package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.ActivationKernels;
import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;

/**
 * One recurrent layer of a built model: its sizes, where its weights sit in the parameter vector, and
 * its forward/backward pair over one chunk of a batch.
 *
 * <p>Forward keeps every hidden state {@code h [T, b, U]}; backward reads them (never re-running the
 * forward pass) and turns {@code dh} into {@code dZ} in place. {@code X·W + b} for all time steps is
 * one product before the time loop, and the weight gradients are single products after it, so the
 * loop itself only does {@code h_(t-1)·U} and the activation.
 */
final class RnnLayerPlan {
    final String name;
    final SimpleRnnLayer config;
    final int in;            // F for the first layer, else the previous layer's U
    final int units;         // U
    final int kernelOffset;  // [in, U]
    final int recurrentOffset; // [U, U]
    final int biasOffset;    // [U], or -1 without bias

    RnnLayerPlan(String name, SimpleRnnLayer config, int in, int offset) {
        this.name = name;
        this.config = config;
        this.in = in;
        this.units = config.units();
        this.kernelOffset = offset;
        this.recurrentOffset = kernelOffset + in * units;
        this.biasOffset = config.useBias() ? recurrentOffset + units * units : -1;
    }

    int parameterCount() {
        return in * units + units * units + (config.useBias() ? units : 0);
    }

    boolean returnSequences() {
        return config.returnSequences();
    }

    /**
     * {@code h_t = f(x_t·W + b + h_(t-1)·U)} for every step.
     *
     * @param params the parameter vector
     * @param packedRecurrent U as {@link MatrixKernels#packRight} wrote it from {@code params}, or null
     * @param x      the input, {@code [T, b, in]}
     * @param h      output: every hidden state, {@code [T, b, U]}
     * @param valid  {@code [T, b]}, false where a step is masked and the state is carried; null if none is
     * @param h0     the initial state {@code [b, U]} at {@code h0Offset}, or null for zeros
     * @param drop   this chunk's dropout masks (training only), or null for none
     */
    void forward(float[] params, float[] packedRecurrent, float[] x, float[] h, int time, int batch, boolean[] valid,
                 float[] h0, int h0Offset, Dropout drop) {
        int rows = time * batch;
        int step = batch * units;
        float[] input = x;
        if (drop != null && drop.inputMask != null) {
            drop.maskInput(x, time, batch, in);
            input = drop.droppedInput;
        }
        if (biasOffset >= 0) {
            MatrixKernels.broadcastRows(params, biasOffset, h, 0, rows, units);
        } else {
            Arrays.fill(h, 0, rows * units, 0f);
        }
        MatrixKernels.multAdd(input, 0, params, kernelOffset, h, 0, rows, in, units);
        if (h0 != null) {
            MatrixKernels.multAdd(h0, h0Offset, params, recurrentOffset, h, 0, batch, units, units);
        }
        activate(h, 0, step);
        carryMasked(h, valid, 0, batch, h0, h0Offset);
        boolean stateDropout = drop != null && drop.stateMask != null;
        for (int t = 1; t < time; t++) {
            float[] prev = h;
            if (stateDropout) {
                drop.maskState(h, (t - 1) * step, batch, units);
                prev = drop.droppedState;
            }
            MatrixKernels.multAddPacked(prev, (t - 1) * step, params, recurrentOffset, packedRecurrent, h, t * step, batch,
                    units, units);
            activate(h, t * step, step);
            carryMasked(h, valid, t, batch, h, (t - 1) * step);
        }
    }

    /** At masked rows of step t, the state is the previous one ({@code prev} at {@code prevOffset}, or zeros). */
    private void carryMasked(float[] h, boolean[] valid, int t, int batch, float[] prev, int prevOffset) {
        if (valid == null) {
            return;
        }
        for (int s = 0; s < batch; s++) {
            if (!valid[t * batch + s]) {
                int row = (t * batch + s) * units;
                if (prev == null) {
                    Arrays.fill(h, row, row + units, 0f);
                } else {
                    System.arraycopy(prev, prevOffset + s * units, h, row, units);
                }
            }
        }
    }

    /**
     * Backpropagation through time over the whole sequence.
     *
     * @param transposedRecurrent {@code Uᵀ [U, U]}
     * @param packedTransposed    {@code Uᵀ} as {@link MatrixKernels#packRight} wrote it, or null
     * @param transposedKernel    {@code Wᵀ [U, in]}, read only when {@code dx} is not null
     * @param x                   the input the forward pass read, {@code [T, b, in]}
     * @param h                   the hidden states the forward pass kept, {@code [T, b, U]}
     * @param dh                  in: {@code dL/dh [T, b, U]}; out: {@code dL/dz}
     * @param grads               the gradient vector; this layer's slots are accumulated into
     * @param dx                  output: {@code dL/dx [T, b, in]}, overwritten; null to skip it
     * @param valid               {@code [T, b]}, false at masked steps; null if none is
     * @param drop                the masks the forward pass used, or null
     */
    void backward(float[] transposedRecurrent, float[] packedTransposed, float[] transposedKernel, float[] x, float[] h,
                  float[] dh, float[] grads, float[] dx, int time, int batch, boolean[] valid, Dropout drop) {
        int rows = time * batch;
        int step = batch * units;
        boolean stateDropout = drop != null && drop.stateMask != null;
        for (int t = time - 1; t >= 0; t--) {
            if (valid != null) {
                // a masked step copied h_(t-1): its gradient flows straight to h_(t-1), and none to z_t
                for (int s = 0; s < batch; s++) {
                    if (!valid[t * batch + s]) {
                        int row = (t * batch + s) * units;
                        if (t > 0) {
                            MatrixKernels.axpy(1f, dh, row, dh, row - step, units);
                        }
                        Arrays.fill(dh, row, row + units, 0f);
                    }
                }
            }
            activationBackward(h, dh, t * step, step);
            if (t > 0 && stateDropout) {
                drop.recurrentGradient(dh, t * step, transposedRecurrent, (t - 1) * step, batch, units);
            } else if (t > 0) {
                MatrixKernels.multAddPacked(dh, t * step, transposedRecurrent, 0, packedTransposed, dh, (t - 1) * step, batch,
                        units, units);
            }
        }
        float[] input = drop != null && drop.inputMask != null ? drop.droppedInput : x;
        MatrixKernels.multTransAAdd(input, 0, dh, 0, grads, kernelOffset, in, rows, units);
        if (time > 1) {
            // dU pairs each dz_t with the h_(t-1) the forward pass multiplied: dropped, if it was
            MatrixKernels.multTransAAdd(stateDropout ? drop.droppedState : h, 0, dh, step, grads, recurrentOffset, units,
                    rows - batch, units);
        }
        if (biasOffset >= 0) {
            MatrixKernels.sumRowsAdd(dh, 0, rows, units, grads, biasOffset);
        }
        if (dx != null) {
            Arrays.fill(dx, 0, rows * in, 0f);
            MatrixKernels.multAdd(dh, 0, transposedKernel, 0, dx, 0, rows, units, in);
            if (drop != null && drop.inputMask != null) {
                drop.maskInputGradient(dx, time, batch, in);
            }
        }
    }

    private void activate(float[] h, int off, int n) {
        Activation a = config.activation();
        if (a == Activation.TANH) {
            ActivationKernels.tanhInPlace(h, off, n);
        } else if (a == Activation.RELU) {
            ActivationKernels.reluInPlace(h, off, n);
        }
    }

    private void activationBackward(float[] h, float[] dh, int off, int n) {
        Activation a = config.activation();
        if (a == Activation.TANH) {
            ActivationKernels.tanhBackwardInPlace(h, off, dh, off, n);
        } else if (a == Activation.RELU) {
            ActivationKernels.reluBackwardInPlace(h, off, dh, off, n);
        }
    }
}
