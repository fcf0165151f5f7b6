/**
 * Training configuration and results: {@link io.github.stackedrnn.train.FitOptions} (Keras's
 * {@code fit} arguments), {@link io.github.stackedrnn.train.History} (Keras's {@code History.history}),
 * {@link io.github.stackedrnn.train.Evaluation}, and the exception that stops training when the loss
 * stops being finite.
 *
 * <p>Policy: options and results are immutable values.
 */
package io.github.stackedrnn.train;
