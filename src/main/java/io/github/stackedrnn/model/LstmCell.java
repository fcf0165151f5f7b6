package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.LstmLayer;
import io.github.stackedrnn.tensor.ElementwiseKernels;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keras's {@code LSTMCell}: four gate blocks i, f, c, o in z; states h and c. Forward turns z's
 * pre-activations into the gates' values in place and keeps {@code f(c_t)} in the cache's extra
 * buffer, which is all backward needs.
 */
final class LstmCell extends RecurrentCell {
    private final LstmLayer config;
    private final GateActivation gate;
    private final Activation act;

    LstmCell(LstmLayer config, int in) {
        super(in, config.units(), new Settings(config.kernelInitializer(), config.recurrentInitializer(), config.useBias(), config.kernelL2(),
                config.recurrentL2(), config.biasL2(), config.dropout(), config.recurrentDropout()));
        this.config = config;
        this.gate = config.recurrentActivation();
        this.act = config.activation();
    }

    @Override
    int gates() {
        return 4;
    }

    @Override
    int states() {
        return 2;
    }

    @Override
    int extraBuffers() {
        return 1;
    }

    @Override
    void initialize(float[] params, int offset, SplittableRandom random) {
        super.initialize(params, offset, random);
        int g = 4 * units;
        if (config.useBias()) {
            int bias = offset + in * g + units * g;
            Arrays.fill(params, bias, bias + g, 0f);
            if (config.unitForgetBias()) {
                Arrays.fill(params, bias + units, bias + 2 * units, 1f);
            }
        }
    }

    @Override
    void forwardStep(RecurrentCache cache, int t, int previous, int batch, float[][] initial, int initialOffset) {
        int u = units;
        int g = 4 * u;
        float[] z = cache.z;
        float[] c = cache.states[1];
        float[] h = cache.states[0];
        float[] fc = cache.extra[0];
        int zRow = t * batch * g;
        float[] cPrev = previous >= 0 ? c : initial != null ? initial[1] : null;
        int step = t * batch * u;
        if (gate == GateActivation.SIGMOID && act == Activation.TANH) {
            for (int s = 0; s < batch; s++) {
                int p = previous >= 0 ? (previous * batch + s) * u : initialOffset + s * u;
                ElementwiseKernels.lstmStep(z, zRow + s * g, cPrev, p, c, fc, h, step + s * u, u);
            }
            return;
        }
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            GateFunctions.gate(gate, z, r, 2 * u);          // i, f
            GateFunctions.candidate(act, z, r + 2 * u, u);  // g
            GateFunctions.gate(gate, z, r + 3 * u, u);      // o
        }
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            int o = step + s * u;
            int p = previous >= 0 ? (previous * batch + s) * u : initialOffset + s * u;
            ElementwiseKernels.sumOfProducts(z, r + u, cPrev, p, z, r, z, r + 2 * u, c, o, u);
        }
        System.arraycopy(c, step, fc, step, batch * u);
        GateFunctions.candidate(act, fc, step, batch * u);
        for (int s = 0; s < batch; s++) {
            ElementwiseKernels.multiply(z, zRow + s * g + 3 * u, fc, step + s * u, h, step + s * u, u);
        }
    }

    @Override
    void backwardStep(RecurrentCache cache, int t, int previous, int batch) {
        int u = units;
        int g = 4 * u;
        float[] z = cache.z;
        float[] dz = cache.dz;
        float[] c = cache.states[1];
        float[] dh = cache.dStates[0];
        float[] dc = cache.dStates[1];
        float[] fc = cache.extra[0];
        int zRow = t * batch * g;
        int step = t * batch * u;
        if (gate == GateActivation.SIGMOID && act == Activation.TANH) {
            for (int s = 0; s < batch; s++) {
                ElementwiseKernels.lstmStepGradients(z, zRow + s * g, fc, dh, dc, step + s * u, previous >= 0 ? c : null, dc,
                        (previous * batch + s) * u, dz, u);
            }
            return;
        }
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            int o = step + s * u;
            int p = (previous * batch + s) * u;
            for (int j = 0; j < u; j++) {
                float i = z[r + j];
                float f = z[r + u + j];
                float cand = z[r + 2 * u + j];
                float out = z[r + 3 * u + j];
                float dhj = dh[o + j];
                float fcj = fc[o + j];
                float dcj = dc[o + j] + dhj * out * GateFunctions.candidateDerivative(act, fcj);
                float cPrev = previous >= 0 ? c[p + j] : 0f;
                dz[r + j] = dcj * cand * GateFunctions.gateDerivative(gate, i);
                dz[r + u + j] = dcj * cPrev * GateFunctions.gateDerivative(gate, f);
                dz[r + 2 * u + j] = dcj * i * GateFunctions.candidateDerivative(act, cand);
                dz[r + 3 * u + j] = dhj * fcj * GateFunctions.gateDerivative(gate, out);
                if (previous >= 0) {
                    dc[p + j] += dcj * f;
                }
            }
        }
    }
}
