/**
 * The model: {@link io.github.stackedrnn.model.StackedRnnModel}, its builder, its
 * {@link io.github.stackedrnn.model.ModelSummary} and {@link io.github.stackedrnn.model.Gradients}.
 *
 * <p>Dimension legend used in the engine's shape comments: {@code B} batch, {@code b} samples in one
 * chunk of a batch, {@code T} time steps, {@code F} input features, {@code U} units of a recurrent
 * layer, {@code K} classes, {@code R} output rows ({@code T·b} for per-step output, else {@code b}),
 * {@code P} parameters. Inside the engine sequences are kept time-major, {@code [T, b, U]}, so that
 * the rows of one time step are contiguous; the public API is always {@code [batch, time, features]}.
 *
 * <p>Policy: every public method validates its arguments before it changes anything, so a call that
 * throws leaves the model's weights and optimizer state as they were.
 */
package io.github.stackedrnn.model;
