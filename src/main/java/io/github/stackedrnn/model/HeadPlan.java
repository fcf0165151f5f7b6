package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;

/**
 * The dense head of a built model and its forward/backward pair, up to its pre-activation values
 * {@code z = h·V + c} (the loss applies the activation, see {@link OutputLoss}). It reads the last
 * recurrent layer's hidden states: all of them ({@code R = T·b} rows) when that layer returns
 * sequences, else only the last step ({@code R = b} rows).
 */
final class HeadPlan {
    final String name;
    final Layer config;
    final Activation activation;
    final boolean useBias;
    final double kernelL2;
    final double biasL2;
    final int in;           // U of the last recurrent layer
    final int units;        // K
    final boolean perStep;  // true: one output per time step
    final int kernelOffset; // [U, K]
    final int biasOffset;   // [K], or -1 without bias
    final boolean afterHidden; // reads the last hidden Dense layer's [R, in] rows, not the recurrent [T, b, in]

    HeadPlan(String name, Layer config, int in, boolean perStep, int offset) {
        this(name, config, in, perStep, offset, false);
    }

    HeadPlan(String name, Layer config, int in, boolean perStep, int offset, boolean afterHidden) {
        this.afterHidden = afterHidden;
        this.name = name;
        this.config = config;
        if (config instanceof DenseSoftmaxLayer) {
            DenseSoftmaxLayer d = (DenseSoftmaxLayer) config;
            this.activation = Activation.SOFTMAX;
            this.useBias = d.useBias();
            this.kernelL2 = 0;
            this.biasL2 = 0;
        } else {
            DenseLayer d = (DenseLayer) config;
            this.activation = d.activation();
            this.useBias = d.useBias();
            this.kernelL2 = d.kernelL2();
            this.biasL2 = d.biasL2();
        }
        this.in = in;
        this.units = config.outputSize();
        long count = Sizes.product(in, units) + (useBias ? units : 0);
        if ((long) offset + count > Sizes.MAX_ARRAY) {
            throw RnnLayerPlan.tooLarge(name, config, count);
        }
        this.perStep = perStep;
        this.kernelOffset = offset;
        this.biasOffset = useBias ? offset + in * units : -1;
    }

    int parameterCount() {
        return in * units + (useBias ? units : 0);
    }

    int rows(int time, int batch) {
        return perStep ? time * batch : batch;
    }

    /** @return the floats of a call's outputs, {@code [B, K]} or {@code [B, T, K]}, checked before they are allocated */
    int outputFloats(int time, int batch) {
        return perStep ? Sizes.buffer("the outputs of " + name, time, batch, units) : Sizes.buffer("the outputs of " + name, batch, units);
    }

    /** Offset in {@code h [T, b, U]} of the first row the head reads. */
    int inputOffset(int time, int batch) {
        return perStep || afterHidden ? 0 : (time - 1) * batch * in;
    }

    /** {@code z [R, K] = h·V + c}. */
    void forward(float[] params, float[] h, int time, int batch, float[] z) {
        int rows = rows(time, batch);
        if (biasOffset >= 0) {
            MatrixKernels.broadcastRows(params, biasOffset, z, 0, rows, units);
        } else {
            Arrays.fill(z, 0, rows * units, 0f);
        }
        MatrixKernels.multAdd(h, inputOffset(time, batch), params, kernelOffset, z, 0, rows, in, units);
    }

    /**
     * From {@code dZ [R, K]}: accumulates {@code dV, dc} into {@code grads} and writes
     * {@code dh [T, b, U]} for the last recurrent layer (zero at steps the head does not read).
     *
     * @param transposedKernel {@code Vᵀ [K, U]}
     */
    void backward(float[] transposedKernel, float[] h, float[] dZ, float[] grads, float[] dh, int time, int batch) {
        int rows = rows(time, batch);
        int inOff = inputOffset(time, batch);
        MatrixKernels.multTransAAdd(h, inOff, dZ, 0, grads, kernelOffset, in, rows, units);
        if (biasOffset >= 0) {
            MatrixKernels.sumRowsAdd(dZ, 0, rows, units, grads, biasOffset);
        }
        Arrays.fill(dh, 0, (afterHidden ? rows : time * batch) * in, 0f);
        MatrixKernels.multAdd(dZ, 0, transposedKernel, 0, dh, inOff, rows, units, in);
    }
}
