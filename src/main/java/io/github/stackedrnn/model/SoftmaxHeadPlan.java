package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;

/**
 * The dense softmax head of a built model and its forward/backward pair. It reads the last recurrent
 * layer's hidden states: all of them ({@code R = T·b} rows) when that layer returns sequences, else
 * only the last step ({@code R = b} rows).
 */
final class SoftmaxHeadPlan {
    final String name;
    final DenseSoftmaxLayer config;
    final int in;           // U of the last recurrent layer
    final int classes;      // K
    final boolean perStep;  // true: one output per time step
    final int kernelOffset; // [U, K]
    final int biasOffset;   // [K], or -1 without bias

    SoftmaxHeadPlan(String name, DenseSoftmaxLayer config, int in, boolean perStep, int offset) {
        this.name = name;
        this.config = config;
        this.in = in;
        this.classes = config.classes();
        this.perStep = perStep;
        this.kernelOffset = offset;
        this.biasOffset = config.useBias() ? offset + in * classes : -1;
    }

    int parameterCount() {
        return in * classes + (config.useBias() ? classes : 0);
    }

    int rows(int time, int batch) {
        return perStep ? time * batch : batch;
    }

    /** Offset in {@code h [T, b, U]} of the first row the head reads. */
    int inputOffset(int time, int batch) {
        return perStep ? 0 : (time - 1) * batch * in;
    }

    /** {@code logits [R, K] = h·V + c}. */
    void forward(float[] params, float[] h, int time, int batch, float[] logits) {
        int rows = rows(time, batch);
        if (biasOffset >= 0) {
            MatrixKernels.broadcastRows(params, biasOffset, logits, 0, rows, classes);
        } else {
            Arrays.fill(logits, 0, rows * classes, 0f);
        }
        MatrixKernels.multAdd(h, inputOffset(time, batch), params, kernelOffset, logits, 0, rows, in, classes);
    }

    /**
     * From {@code dLogits [R, K]}: accumulates {@code dV, dc} into {@code grads} and writes
     * {@code dh [T, b, U]} for the last recurrent layer (zero at steps the head does not read).
     *
     * @param transposedKernel {@code Vᵀ [K, U]}
     */
    void backward(float[] transposedKernel, float[] h, float[] dLogits, float[] grads, float[] dh, int time, int batch) {
        int rows = rows(time, batch);
        int inOff = inputOffset(time, batch);
        MatrixKernels.multTransAAdd(h, inOff, dLogits, 0, grads, kernelOffset, in, rows, classes);
        if (biasOffset >= 0) {
            MatrixKernels.sumRowsAdd(dLogits, 0, rows, classes, grads, biasOffset);
        }
        Arrays.fill(dh, 0, time * batch * in, 0f);
        MatrixKernels.multAdd(dLogits, 0, transposedKernel, 0, dh, inOff, rows, classes, in);
    }
}
