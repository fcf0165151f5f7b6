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

    /** {@code a = σ(a)} (or one of the hard σ) in place. */
    static void gate(GateActivation f, float[] a, int off, int n) {
        switch (f) {
            case SIGMOID -> ActivationKernels.sigmoidInPlace(a, off, n);
            case HARD_SIGMOID -> ActivationKernels.hardSigmoidInPlace(a, off, n);
            case HARD_SIGMOID_KERAS2 -> ActivationKernels.hardSigmoidKeras2InPlace(a, off, n);
        }
    }

    /**
     * @return the gate's derivative at the point where it output {@code y}; the hard ones have their
     *         slope (1/6, or Keras 2's 0.2) where the output is strictly inside (0, 1), else 0
     */
    static float gateDerivative(GateActivation f, float y) {
        return switch (f) {
            case SIGMOID -> y * (1f - y);
            case HARD_SIGMOID -> y > 0f && y < 1f ? 1f / 6f : 0f;
            case HARD_SIGMOID_KERAS2 -> y > 0f && y < 1f ? 0.2f : 0f;
        };
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
