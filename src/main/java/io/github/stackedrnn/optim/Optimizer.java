package io.github.stackedrnn.optim;

import java.util.List;

/**
 * An optimizer's configuration: immutable, shareable between models. Its state lives in an
 * {@link OptimizerState} made by {@link #newState(int[])}.
 *
 * <pre>{@code
 * Optimizer optimizer = RmsProp.builder().learningRate(1e-3).centered(true).build();
 * StackedRnnModel model = StackedRnnModel.builder().inputFeatures(4)
 *         .add(SimpleRnnLayer.builder(16).build()).add(DenseLayer.builder(1).build())
 *         .optimizer(optimizer)                               // shareable: each model keeps its own state
 *         .build();
 * }</pre>
 */
public sealed interface Optimizer permits Adam, Sgd, RmsProp {
    /**
     * Creates fresh optimizer state (zero slots, zero steps) for a flat vector of parameters made of
     * weight tensors laid end to end. The boundaries matter where Keras works per variable:
     * {@code clipNorm} bounds each variable's gradient norm.
     *
     * @param variableSizes how many parameters each weight tensor holds, in the flat vector's order;
     *                      copied
     * @return the new state
     * @throws IllegalArgumentException if {@code variableSizes} is null, has a negative size or sums
     *                                  past {@link Integer#MAX_VALUE}
     */
    OptimizerState newState(int[] variableSizes);

    /**
     * Creates fresh optimizer state for a flat vector of parameters that is one variable: as
     * {@code newState(new int[] {parameterCount})}.
     *
     * @param parameterCount how many parameters the state updates
     * @return the new state
     * @throws IllegalArgumentException if {@code parameterCount} is negative
     */
    default OptimizerState newState(int parameterCount) {
        if (parameterCount < 0) {
            throw Check.invalid("parameterCount", "a non-negative integer", parameterCount);
        }
        return newState(new int[] {parameterCount});
    }

    /** @return how many per-parameter arrays its state keeps (Adam: 2, its two moments; 3 with AMSGrad) */
    int slotCount();

    /**
     * Rebuilds saved state: what {@link OptimizerState#iterations()} and {@link OptimizerState#slots()}
     * returned. A learning rate set on the saved state is restored afterwards with
     * {@link OptimizerState#setLearningRate}.
     *
     * @param variableSizes how many parameters each weight tensor holds, in the flat vector's order
     * @param iterations    the steps already taken, non-negative
     * @param slots         {@link #slotCount()} arrays of as many values as the sizes add up to, all
     *                      finite (second moments also non-negative); copied
     * @return the state
     * @throws IllegalArgumentException if the sizes, counts, lengths or values do not fit
     */
    OptimizerState restoreState(int[] variableSizes, long iterations, List<float[]> slots);

    /**
     * Rebuilds saved state for a flat vector that is one variable: as
     * {@code restoreState(new int[] {parameterCount}, iterations, slots)}.
     *
     * @param parameterCount how many parameters the state updates
     * @param iterations     the steps already taken, non-negative
     * @param slots          {@link #slotCount()} arrays of {@code parameterCount} finite values; copied
     * @return the state
     * @throws IllegalArgumentException if the counts, lengths or values do not fit
     */
    default OptimizerState restoreState(int parameterCount, long iterations, List<float[]> slots) {
        if (parameterCount < 0) {
            throw Check.invalid("parameterCount", "a non-negative integer", parameterCount);
        }
        return restoreState(new int[] {parameterCount}, iterations, slots);
    }

    /** @return Keras's name for this optimizer, such as {@code "adam"} */
    String kerasName();
}
