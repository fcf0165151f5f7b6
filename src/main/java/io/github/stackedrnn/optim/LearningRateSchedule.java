package io.github.stackedrnn.optim;

/**
 * A learning rate that changes with the optimizer's step count, as Keras's
 * {@code keras.optimizers.schedules.LearningRateSchedule}. The optimizer asks for
 * {@code at(iterations)} before each step, so the first step uses {@code at(0)}.
 *
 * <p>Immutable. The interface is sealed to the schedules Keras defines and this library can save
 * ({@link ExponentialDecay}, {@link PiecewiseConstantDecay}, {@link CosineDecay}); each exposes its
 * settings through getters.
 *
 * <pre>{@code
 * LearningRateSchedule schedule = new CosineDecay(1e-3, 10_000, 0.1);
 * double first = schedule.at(0);                        // 1e-3
 * Adam adam = Adam.builder().learningRate(schedule).build();
 * }</pre>
 */
public sealed interface LearningRateSchedule permits ExponentialDecay, PiecewiseConstantDecay, CosineDecay {
    /**
     * @param step the steps done so far, non-negative
     * @return the learning rate of the next step, non-negative (an {@link ExponentialDecay} with a
     *         {@code decayRate} above 1 grows without bound)
     * @throws IllegalArgumentException if {@code step} is negative
     */
    double at(long step);
}
