package io.github.stackedrnn.model;

import io.github.stackedrnn.layer.Activation;
import io.github.stackedrnn.layer.GateActivation;
import io.github.stackedrnn.tensor.ActivationKernels;

/**
 * The activations of a gated cell (LSTM, GRU) on ranges of its buffers, and their derivatives in terms
 * of the activations' outputs, so the cells keep only activated values.
 */
final class GateFunctions {
    private GateFunctions() {
    }

    /** {@code a = σ(a)} (or hard σ) in place. */
    static void gate(GateActivation f, float[] a, int off, int n) {
        if (f == GateActivation.SIGMOID) {
            ActivationKernels.sigmoidInPlace(a, off, n);
        } else {
            ActivationKernels.hardSigmoidInPlace(a, off, n);
        }
    }

    /** @return the gate's derivative at the point where it output {@code y} */
    static float gateDerivative(GateActivation f, float y) {
        if (f == GateActivation.SIGMOID) {
            return y * (1f - y);
        }
        return y > 0f && y < 1f ? 1f / 6f : 0f;
    }

    /** {@code a = f(a)} in place for the candidate's activation (tanh, relu, linear). */
    static void candidate(Activation f, float[] a, int off, int n) {
        if (f == Activation.TANH) {
            ActivationKernels.tanhInPlace(a, off, n);
        } else if (f == Activation.RELU) {
            ActivationKernels.reluInPlace(a, off, n);
        }
    }

    /** @return the candidate activation's derivative where it output {@code y} */
    static float candidateDerivative(Activation f, float y) {
        if (f == Activation.TANH) {
            return 1f - y * y;
        }
        if (f == Activation.RELU) {
            return y > 0f ? 1f : 0f;
        }
        return 1f;
    }
}
