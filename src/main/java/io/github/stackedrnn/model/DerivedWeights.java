package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.MatrixKernels;

/**
 * Copies of one recurrent layer's weights in the layouts its products read fastest, kept by one engine
 * and refreshed from the parameter vector when the weights may have changed: {@code U} and {@code W} packed for
 * the per-step forward products (every engine, Vector API kernels only) and, for training, {@code Uᵀ}
 * (packed too) for the backward steps and {@code Wᵀ} for the input gradient.
 */
final class DerivedWeights {
    private final RnnLayerPlan layer;
    final float[] packedRecurrent;           // [U·G·U] U as MatrixKernels.packRight lays it out, or null
    final float[] packedKernel;              // [in·G·U] W packed the same way, for step-by-step input products, or null
    final float[] transposedRecurrent;       // [G·U, U] training only
    final float[] packedTransposedRecurrent; // [G·U·U] training only, or null
    final float[] transposedKernel;          // [G·U, in] training only

    DerivedWeights(RnnLayerPlan layer, boolean training) {
        this.layer = layer;
        int recurrent = layer.units * layer.gateWidth;
        boolean packs = MatrixKernels.vectorized();
        this.packedRecurrent = packs ? new float[recurrent] : null;
        this.packedKernel = packs ? new float[layer.in * layer.gateWidth] : null;
        this.transposedRecurrent = training ? new float[recurrent] : null;
        this.packedTransposedRecurrent = training && packs ? new float[recurrent] : null;
        this.transposedKernel = training ? new float[layer.gateWidth * layer.in] : null;
    }

    /** Packs U for the forward steps. */
    void packRecurrent(float[] params) {
        MatrixKernels.packRight(params, layer.recurrentOffset, layer.units, layer.gateWidth, packedRecurrent);
    }

    /** Packs W for a call whose chunks compute the input product step by step ({@link RnnLayerPlan#stepwiseInput}). */
    void packKernel(float[] params) {
        MatrixKernels.packRight(params, layer.kernelOffset, layer.in, layer.gateWidth, packedKernel);
    }

    /** Refreshes every training copy; {@code Wᵀ} only when an input gradient will be computed. */
    void refreshForTraining(float[] params, boolean withKernelTranspose) {
        MatrixKernels.transpose(params, layer.recurrentOffset, layer.units, layer.gateWidth, transposedRecurrent, 0);
        if (packedRecurrent != null) {
            packRecurrent(params);
            MatrixKernels.packRight(transposedRecurrent, 0, layer.gateWidth, layer.units, packedTransposedRecurrent);
        }
        if (withKernelTranspose) {
            MatrixKernels.transpose(params, layer.kernelOffset, layer.in, layer.gateWidth, transposedKernel, 0);
        }
    }
}
