package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.ActivationKernels;


/**
 * Keras's {@code SimpleRNNCell}: {@code h_t = f(z_t)} with {@code z_t = x_t·W + b + h_(t-1)·U}. One gate,
 * one state, so the cache keeps h in z's buffer and the activation runs in place.
 */
final class SimpleRnnCell extends RecurrentCell {
    private final SimpleRnnLayer config;

    SimpleRnnCell(SimpleRnnLayer config, int in) {
        super(in, config.units(), new Settings(config.kernelInitializer(), config.recurrentInitializer(), config.useBias(), config.kernelL2(),
                config.recurrentL2(), config.biasL2(), config.dropout(), config.recurrentDropout()));
        this.config = config;
    }

    @Override
    int gates() {
        return 1;
    }

    @Override
    int states() {
        return 1;
    }

    @Override
    void forwardStep(RecurrentCache cache, int t, int previous, int batch, float[][] initial, int initialOffset) {
        int n = batch * units;
        Activation a = config.activation();
        if (a == Activation.TANH) {
            ActivationKernels.tanhInPlace(cache.z, t * n, n);
        } else if (a == Activation.RELU) {
            ActivationKernels.reluInPlace(cache.z, t * n, n);
        }
    }

    @Override
    void backwardStep(RecurrentCache cache, int t, int previous, int batch) {
        int n = batch * units;
        Activation a = config.activation();
        if (a == Activation.TANH) {
            ActivationKernels.tanhBackwardInPlace(cache.z, t * n, cache.dz, t * n, n);
        } else if (a == Activation.RELU) {
            ActivationKernels.reluBackwardInPlace(cache.z, t * n, cache.dz, t * n, n);
        }
    }
}
