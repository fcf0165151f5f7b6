/**
 * Optimizers. An {@link io.github.stackedrnn.optim.Optimizer} is an immutable configuration; the
 * mutable part (moments, step count) is an {@link io.github.stackedrnn.optim.OptimizerState} that the
 * model creates from it and owns.
 *
 * <p>The order of calls: {@link io.github.stackedrnn.optim.Optimizer#newState(int)} once per model,
 * then {@link io.github.stackedrnn.optim.OptimizerState#step(float[], float[])} once per training
 * batch. Parameters, gradients and moments share one flat layout, so an update is one loop.
 */
package io.github.stackedrnn.optim;
