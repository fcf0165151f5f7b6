/**
 * Optimizers: {@link io.github.stackedrnn.optim.Adam}, {@link io.github.stackedrnn.optim.Sgd} and
 * {@link io.github.stackedrnn.optim.RmsProp}, with Keras 3's update rules, defaults and shared
 * controls (a constant learning rate or a {@link io.github.stackedrnn.optim.LearningRateSchedule},
 * decoupled weight decay, and one of {@code clipNorm}, {@code globalClipNorm}, {@code clipValue}).
 * An {@link io.github.stackedrnn.optim.Optimizer} is an immutable configuration; the mutable part
 * (slots such as moments, the step count, a learning rate set during training) is an
 * {@link io.github.stackedrnn.optim.OptimizerState} that the model creates from it and owns.
 *
 * <p>The order of calls: {@link io.github.stackedrnn.optim.Optimizer#newState(int[])} once per model,
 * with the size of each weight tensor, then
 * {@link io.github.stackedrnn.optim.OptimizerState#step(float[], float[])} once per training batch.
 * Parameters, gradients and slots share one flat layout, the weight tensors laid end to end, so an
 * update is one loop. A step is all-or-nothing: one that would make a parameter NaN or infinite is
 * refused with {@link io.github.stackedrnn.optim.NonFiniteUpdateException} and changes nothing.
 *
 * <p>Every setting is checked when it is made: a bad value is an {@link IllegalArgumentException}
 * naming the argument, what was expected and what came; a repeated or conflicting setting is an
 * {@link IllegalStateException}.
 */
package io.github.stackedrnn.optim;
