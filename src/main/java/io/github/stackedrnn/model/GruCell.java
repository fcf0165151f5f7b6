package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.layer.GruLayer;
import io.github.stackedrnn.tensor.ElementwiseKernels;


/**
 * Keras's {@code GRUCell}: gate blocks z, r, h; one state. With {@code reset_after} the loop keeps the
 * recurrent product (with its own bias) apart from z ({@link #separateRecurrent}), since the reset gate
 * multiplies its h block alone; without it, the h block of U multiplies {@code r ⊙ h_(t-1)}, which the
 * cell computes mid-step ({@link #lateColumns}, {@link #gate}). Forward leaves the gates' values and the
 * candidate in z.
 */
final class GruCell extends RecurrentCell {
    private final GruLayer config;
    private final GateActivation gate;
    private final Activation act;
    private final boolean resetAfter;

    GruCell(GruLayer config, int in) {
        super(in, config.units(), new Settings(config.kernelInitializer(), config.recurrentInitializer(), config.useBias(), config.kernelL2(),
                config.recurrentL2(), config.biasL2(), config.dropout(), config.recurrentDropout()));
        this.config = config;
        this.gate = config.recurrentActivation();
        this.act = config.activation();
        this.resetAfter = config.resetAfter();
    }

    @Override
    int gates() {
        return 3;
    }

    @Override
    int states() {
        return 1;
    }

    @Override
    boolean stateIsPreActivation() {
        return false;
    }

    @Override
    boolean separateRecurrent() {
        return resetAfter;
    }

    @Override
    int lateColumns() {
        return resetAfter ? 0 : units;
    }

    @Override
    int[] biasShape() {
        // reset_after keeps a second bias row for the recurrent product (Keras's [2, 3U])
        return resetAfter ? new int[] {2, 3 * units} : new int[] {3 * units};
    }

    /** reset_before, mid-step: z, r from their pre-activations; {@code gated = r ⊙ h_(t-1)}. */
    @Override
    void gate(RecurrentCache cache, int t, int batch, float[] prev, int prevOff) {
        int u = units;
        int g = 3 * u;
        float[] z = cache.z;
        float[] gated = cache.gated;
        int zRow = t * batch * g;
        int step = t * batch * u;
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            GateFunctions.gate(gate, z, r, 2 * u);
            for (int j = 0; j < u; j++) {
                gated[step + s * u + j] = prev == null ? 0f : z[r + u + j] * prev[prevOff + s * u + j];
            }
        }
    }

    @Override
    void forwardStep(RecurrentCache cache, int t, int previous, int batch, float[][] initial, int initialOffset) {
        int u = units;
        int g = 3 * u;
        float[] z = cache.z;
        float[] h = cache.states[0];
        int zRow = t * batch * g;
        if (resetAfter) {
            float[] rec = cache.r;
            for (int s = 0; s < batch; s++) {
                int r = zRow + s * g;
                ElementwiseKernels.addInPlace(z, r, rec, r, 2 * u);
                GateFunctions.gate(gate, z, r, 2 * u);
                ElementwiseKernels.multiplyAddInPlace(z, r + 2 * u, z, r + u, rec, r + 2 * u, u);
                GateFunctions.candidate(act, z, r + 2 * u, u);
            }
        } else {
            for (int s = 0; s < batch; s++) {
                GateFunctions.candidate(act, z, zRow + s * g + 2 * u, u);
            }
        }
        float[] hPrev = previous >= 0 ? h : initial != null ? initial[0] : null;
        int step = t * batch * u;
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            int o = step + s * u;
            int p = previous >= 0 ? (previous * batch + s) * u : initialOffset + s * u;
            ElementwiseKernels.interpolate(z, r, hPrev, p, z, r + 2 * u, h, o, u);
        }
    }

    @Override
    void backwardStep(RecurrentCache cache, int t, int previous, int batch) {
        int u = units;
        int g = 3 * u;
        float[] z = cache.z;
        float[] dz = cache.dz;
        float[] h = cache.states[0];
        float[] dh = cache.dStates[0];
        float[] rec = cache.r;
        float[] dr = cache.dr;
        int zRow = t * batch * g;
        int step = t * batch * u;
        if (resetAfter && gate == GateActivation.SIGMOID && act == Activation.TANH) {
            for (int s = 0; s < batch; s++) {
                ElementwiseKernels.gruStepGradients(z, rec, zRow + s * g, dh, step + s * u, previous >= 0 ? h : null, dh,
                        (previous * batch + s) * u, dz, dr, u);
            }
            return;
        }
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            int o = step + s * u;
            int p = (previous * batch + s) * u;
            for (int j = 0; j < u; j++) {
                float update = z[r + j];
                float cand = z[r + 2 * u + j];
                float dhj = dh[o + j];
                float before = previous >= 0 ? h[p + j] : 0f;
                float dPre = dhj * (1f - update) * GateFunctions.candidateDerivative(act, cand);
                float dUpdate = dhj * (before - cand) * GateFunctions.gateDerivative(gate, update);
                dz[r + j] = dUpdate;
                dz[r + 2 * u + j] = dPre;
                if (resetAfter) {
                    float reset = z[r + u + j];
                    float dReset = dPre * rec[r + 2 * u + j] * GateFunctions.gateDerivative(gate, reset);
                    dz[r + u + j] = dReset;
                    dr[r + j] = dUpdate;
                    dr[r + u + j] = dReset;
                    dr[r + 2 * u + j] = dPre * reset;
                }
                if (previous >= 0) {
                    dh[p + j] += dhj * update;
                }
            }
        }
    }

    /** reset_before: {@code dz_r} from {@code dL/dgated}, which becomes {@code dL/dgated ⊙ r}. */
    @Override
    void gateBackward(RecurrentCache cache, int t, int batch, float[] prev, int prevOff) {
        int u = units;
        int g = 3 * u;
        float[] z = cache.z;
        float[] dz = cache.dz;
        float[] dGated = cache.dGated;
        int zRow = t * batch * g;
        for (int s = 0; s < batch; s++) {
            int r = zRow + s * g;
            for (int j = 0; j < u; j++) {
                float reset = z[r + u + j];
                float dg = dGated[s * u + j];
                float before = prev == null ? 0f : prev[prevOff + s * u + j];
                dz[r + u + j] = dg * before * GateFunctions.gateDerivative(gate, reset);
                dGated[s * u + j] = dg * reset;
            }
        }
    }
}
