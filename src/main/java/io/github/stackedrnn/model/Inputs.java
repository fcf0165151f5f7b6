package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;

/** Checks a model's input before anything is computed; messages name the layer, what was expected and what came. */
final class Inputs {
    private Inputs() {
    }

    static void check(Tensor x, Network net) {
        String layer = net.blocks[0].name;
        String expected = "[batch, time, " + net.features + "]";
        if (x == null) {
            throw new IllegalArgumentException(layer + ": input must be " + expected + " but got null");
        }
        int[] shape = x.shape();
        if (shape.length != 3 || shape[2] != net.features) {
            throw new IllegalArgumentException(layer + ": input must be " + expected + " but got " + Arrays.toString(shape));
        }
        if (shape[0] == 0) {
            throw new IllegalArgumentException(layer + ": input must be " + expected + " with at least one sample but got "
                    + Arrays.toString(shape) + " (an empty batch)");
        }
        if (shape[1] == 0) {
            throw new IllegalArgumentException(layer + ": input must be " + expected + " with at least one time step but got "
                    + Arrays.toString(shape) + " (zero time steps)");
        }
        int bad = x.firstNonFinite();
        if (bad >= 0) {
            int f = shape[2];
            int t = shape[1];
            float value = x.get(bad / (t * f), bad / f % t, bad % f);
            throw new IllegalArgumentException(layer + ": input contains " + value + " at [" + bad / (t * f) + ", "
                    + bad / f % t + ", " + bad % f + "]; inputs must be finite");
        }
    }
}
