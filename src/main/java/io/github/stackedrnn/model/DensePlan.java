package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.DenseLayer;
import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.Layer;
import io.github.stackedrnn.tensor.ActivationKernels;
import io.github.stackedrnn.tensor.MatrixKernels;

import java.util.Arrays;

/**
 * A hidden Dense layer between the last recurrent layer and the head, Keras's {@code Dense} in a
 * {@code Sequential}: {@code y = f(x·W + b)} on every row the head reads (every step after a sequence,
 * else the last step). Keeps its outputs (the activation's values) for backward, which needs only them.
 */
final class DensePlan {
    final String name;
    final Layer config;
    final Activation activation;
    final boolean useBias;
    final double kernelL2;
    final double biasL2;
    final int in;
    final int units;
    final int kernelOffset; // [in, units]
    final int biasOffset;   // [units], or -1

    DensePlan(String name, Layer config, int in, int offset) {
        this.name = name;
        this.config = config;
        if (config instanceof DenseSoftmaxLayer d) {
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
        this.kernelOffset = offset;
        this.biasOffset = useBias ? offset + in * units : -1;
    }

    int parameterCount() {
        return in * units + (useBias ? units : 0);
    }

    /** {@code y [rows, units] = f(x·W + b)}, x read from {@code xOff}. */
    void forward(float[] params, float[] x, int xOff, int rows, float[] y) {
        if (biasOffset >= 0) {
            MatrixKernels.broadcastRows(params, biasOffset, y, 0, rows, units);
        } else {
            Arrays.fill(y, 0, rows * units, 0f);
        }
        MatrixKernels.multAdd(x, xOff, params, kernelOffset, y, 0, rows, in, units);
        int n = rows * units;
        switch (activation) {
            case TANH -> ActivationKernels.tanhInPlace(y, 0, n);
            case RELU -> ActivationKernels.reluInPlace(y, 0, n);
            case SIGMOID -> ActivationKernels.sigmoidInPlace(y, 0, n);
            case LINEAR -> {
            }
            case SOFTMAX -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * units;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j < units; j++) {
                        max = Math.max(max, y[o + j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < units; j++) {
                        double e = Math.exp(y[o + j] - max);
                        y[o + j] = (float) e;
                        sum += e;
                    }
                    for (int j = 0; j < units; j++) {
                        y[o + j] = (float) (y[o + j] / sum);
                    }
                }
            }
        }
    }

    /**
     * From {@code dy [rows, units]} (turned into {@code dz} in place): accumulates {@code dW, db} and
     * writes {@code dx} at {@code dxOff} ({@code rows · in} values; the caller zeroes the rest).
     *
     * @param transposedKernel {@code Wᵀ [units, in]}
     */
    void backward(float[] transposedKernel, float[] x, int xOff, float[] y, float[] dy, int rows, float[] grads, float[] dx,
                  int dxOff) {
        int n = rows * units;
        switch (activation) {
            case TANH -> ActivationKernels.tanhBackwardInPlace(y, 0, dy, 0, n);
            case RELU -> ActivationKernels.reluBackwardInPlace(y, 0, dy, 0, n);
            case SIGMOID -> {
                for (int i = 0; i < n; i++) {
                    dy[i] *= y[i] * (1f - y[i]);
                }
            }
            case LINEAR -> {
            }
            case SOFTMAX -> {
                for (int r = 0; r < rows; r++) {
                    int o = r * units;
                    double dot = 0;
                    for (int j = 0; j < units; j++) {
                        dot += dy[o + j] * y[o + j];
                    }
                    for (int j = 0; j < units; j++) {
                        dy[o + j] = (float) (y[o + j] * (dy[o + j] - dot));
                    }
                }
            }
        }
        MatrixKernels.multTransAAdd(x, xOff, dy, 0, grads, kernelOffset, in, rows, units);
        if (biasOffset >= 0) {
            MatrixKernels.sumRowsAdd(dy, 0, rows, units, grads, biasOffset);
        }
        if (dx != null) {
            Arrays.fill(dx, dxOff, dxOff + rows * in, 0f);
            MatrixKernels.multAdd(dy, 0, transposedKernel, 0, dx, dxOff, rows, units, in);
        }
    }
}
