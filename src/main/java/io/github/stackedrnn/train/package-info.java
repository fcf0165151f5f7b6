/**
 * Training configuration and results: {@link io.github.stackedrnn.train.FitOptions} (Keras's
 * {@code fit} arguments), {@link io.github.stackedrnn.train.History} (Keras's {@code History.history}),
 * {@link io.github.stackedrnn.train.Evaluation}, and the exception that stops training when the loss
 * stops being finite.
 *
 * <p>Listeners, Keras's callbacks, hear the fit loop through {@link io.github.stackedrnn.train.TrainingListener}
 * and act on it through {@link io.github.stackedrnn.train.FitContext}:
 * {@link io.github.stackedrnn.train.EarlyStopping}, {@link io.github.stackedrnn.train.ReduceLROnPlateau},
 * {@link io.github.stackedrnn.train.TerminateOnNaN}, {@link io.github.stackedrnn.train.CsvLogger} and
 * {@link io.github.stackedrnn.train.ProgressBar}, with Keras's names, defaults and logic.
 *
 * <p>Policy: options and results are immutable values. A listener's configuration is immutable too, but
 * it keeps the state of the fit it serves (a wait counter, an open file), reset when a fit begins: one
 * instance may serve several fits one after the other, never two at once. Listeners report through
 * SLF4J, except {@link io.github.stackedrnn.train.ProgressBar}, whose purpose is to print, and which
 * {@code FitOptions.builder().verbose(1)} (or {@code 2}) adds for you.
 */
package io.github.stackedrnn.train;
