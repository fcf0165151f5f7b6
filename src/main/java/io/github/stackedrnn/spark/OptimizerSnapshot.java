package io.github.stackedrnn.spark;

import java.io.Serializable;
import java.util.List;

/**
 * An optimizer's state as parameter averaging needs it: its step count, a learning rate set on it
 * (0 for none) and its per-parameter slots in the optimizer's order (Adam: m, v[, vHat]), each laid out
 * as the model's flat parameter vector.
 */
record OptimizerSnapshot(long iterations, double learningRateOverride, List<float[]> slots) implements Serializable {
}
