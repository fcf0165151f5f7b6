package io.github.stackedrnn.optim;

/**
 * The mutable state of an optimizer for one model's parameters. Not thread-safe: the model calls it
 * under its training lock.
 */
public interface OptimizerState {
    /**
     * Applies one update to {@code params} from {@code grads}, both laid out as the model's flat
     * parameter vector, and counts one iteration.
     *
     * @param params the parameters, updated in place
     * @param grads  the gradients of the loss, not modified
     * @throws IllegalArgumentException   if the lengths differ from this state's parameter count
     * @throws NonFiniteUpdateException if the step would make a parameter NaN or infinite; then
     *                                    neither the parameters nor this state change
     */
    void step(float[] params, float[] grads);

    /** @return how many steps have been applied */
    long iterations();

    /**
     * @return how many scalar variables the optimizer keeps, counted as Keras 3 counts its
     *         "Optimizer params" (moments, the iteration counter and the learning rate)
     */
    long variableCount();

    /**
     * The state's per-parameter arrays, copied, in the optimizer's fixed order (Adam: first moments,
     * then second moments), for saving; {@link Optimizer#restoreState} takes them back.
     *
     * @return copies of the per-parameter arrays
     */
    java.util.List<float[]> slots();

    /** @return an independent copy of this state */
    OptimizerState copy();
}
