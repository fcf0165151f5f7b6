package io.github.stackedrnn.optim;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The mutable state of an optimizer for one model's parameters: its per-parameter slots (such as
 * Adam's moments), its step count and any learning rate set on it. Not thread-safe: the model calls
 * it under its training lock.
 *
 * <pre>{@code
 * // what a model does at each step (users rarely need this themselves)
 * OptimizerState state = Adam.defaults().newState(params.length);
 * state.step(params, grads);                  // params -= update(grads); the moments are updated
 * long steps = state.iterations();            // 1
 * }</pre>
 */
public interface OptimizerState {
    /**
     * Applies one update to {@code params} from {@code grads}, both laid out as the model's flat
     * parameter vector, and counts one iteration. In the order of Keras 3's {@code apply}: the
     * gradients are clipped (if the optimizer clips), weight decay {@code w -= w·wd·lr} is applied (if
     * set), then the optimizer's rule, then the iteration is counted. The learning rate {@code lr} is
     * {@link #learningRate()} as it was before the call.
     *
     * @param params the parameters, updated in place
     * @param grads  the gradients of the loss, not modified
     * @throws IllegalArgumentException if the lengths differ from this state's parameter count
     * @throws NonFiniteUpdateException if the step would make a parameter NaN or infinite; then
     *                                  neither the parameters nor this state change
     */
    void step(float[] params, float[] grads);

    /** @return how many steps have been applied */
    long iterations();

    /**
     * @return how many scalar variables the optimizer keeps, counted as Keras 3 counts its "Optimizer
     *         params": the iteration counter, the learning-rate variable (absent when a schedule
     *         gives the rate) and every slot of every parameter
     */
    long variableCount();

    /**
     * The state's per-parameter arrays, copied, in the optimizer's fixed order (documented on each
     * optimizer; Adam: first moments, second moments, then the maxima of the second moments with
     * AMSGrad), for saving; {@link Optimizer#restoreState} takes them back.
     *
     * @return copies of the per-parameter arrays, {@link Optimizer#slotCount()} of them
     */
    List<float[]> slots();

    /**
     * The learning rate the next {@link #step} will use: the rate set by {@link #setLearningRate} if
     * any, else the optimizer's constant rate, else its schedule at {@link #iterations()} (so the first
     * step uses {@code lr(0)}, as Keras evaluates {@code lr(iterations)} before counting the step).
     *
     * @return the next step's learning rate
     */
    double learningRate();

    /**
     * Sets the learning rate of every later step, as Keras's {@code optimizer.learning_rate = value}
     * (what {@code ReduceLROnPlateau} does). Copies and saved state keep it (see
     * {@link #learningRateOverride()}).
     *
     * @param value the new learning rate, positive and finite
     * @throws IllegalStateException    if the optimizer follows a learning-rate schedule
     * @throws IllegalArgumentException if {@code value} is not positive and finite
     */
    void setLearningRate(double value);

    /**
     * The learning rate set by {@link #setLearningRate}, for saving: to restore a state, pass
     * {@link #iterations()} and {@link #slots()} to {@link Optimizer#restoreState} and then this value,
     * if present, to {@link #setLearningRate}.
     *
     * @return the rate set on this state, or empty if it follows the optimizer's configuration
     */
    OptionalDouble learningRateOverride();

    /** @return an independent copy of this state, learning-rate override included */
    OptimizerState copy();
}
