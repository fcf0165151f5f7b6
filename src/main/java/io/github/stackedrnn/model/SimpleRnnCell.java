package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.tensor.ActivationKernels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Keras's {@code SimpleRNNCell}: {@code h_t = f(z_t)} with {@code z_t = x_t·W + b + h_(t-1)·U}. One gate,
 * one state, so the cache keeps h in z's buffer and the activation runs in place.
 */
final class SimpleRnnCell extends RecurrentCell {
    private final SimpleRnnLayer config;

    SimpleRnnCell(SimpleRnnLayer config, int in) {
        super(in, config.units());
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
    List<Weight> weights() {
        List<Weight> w = new ArrayList<>(3);
        w.add(new Weight("kernel", 0, config.kernelL2(), in, units));
        w.add(new Weight("recurrent_kernel", in * units, config.recurrentL2(), units, units));
        if (config.useBias()) {
            w.add(new Weight("bias", in * units + units * units, config.biasL2(), units));
        }
        return w;
    }

    @Override
    double dropout() {
        return config.dropout();
    }

    @Override
    double recurrentDropout() {
        return config.recurrentDropout();
    }

    @Override
    void initialize(float[] params, int offset, SplittableRandom random) {
        WeightInit.fill(config.kernelInitializer(), params, offset, in, units, random.split());
        WeightInit.fill(config.recurrentInitializer(), params, offset + in * units, units, units, random.split());
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
