package io.github.stackedrnn.optim;

/** An optimizer's configuration: immutable, shareable between models. */
public interface Optimizer {
    /**
     * Creates fresh optimizer state (zero moments, zero steps) for a flat vector of parameters.
     *
     * @param parameterCount how many parameters the state updates
     * @return the new state
     * @throws IllegalArgumentException if {@code parameterCount} is negative
     */
    OptimizerState newState(int parameterCount);

    /** @return Keras's name for this optimizer, such as {@code "adam"} */
    String kerasName();
}
