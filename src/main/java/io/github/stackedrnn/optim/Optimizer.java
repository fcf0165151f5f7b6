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

    /** @return how many per-parameter arrays its state keeps (Adam: 2, its two moments) */
    int slotCount();

    /**
     * Rebuilds saved state: what {@link OptimizerState#iterations()} and {@link OptimizerState#slots()}
     * returned.
     *
     * @param parameterCount how many parameters the state updates
     * @param iterations     the steps already taken, non-negative
     * @param slots          {@link #slotCount()} arrays of {@code parameterCount} finite values; copied
     * @return the state
     * @throws IllegalArgumentException if the counts, lengths or values do not fit
     */
    OptimizerState restoreState(int parameterCount, long iterations, java.util.List<float[]> slots);

    /** @return Keras's name for this optimizer, such as {@code "adam"} */
    String kerasName();
}
