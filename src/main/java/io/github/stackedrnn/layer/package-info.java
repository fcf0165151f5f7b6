/**
 * Immutable layer configurations: {@link io.github.stackedrnn.layer.SimpleRnnLayer} (Keras's
 * {@code SimpleRNN}) and {@link io.github.stackedrnn.layer.DenseSoftmaxLayer} (Keras's
 * {@code Dense(activation='softmax')}), {@link io.github.stackedrnn.layer.DropoutLayer} (Keras's {@code Dropout}), with their activations and initializers.
 *
 * <p>Policy: a layer is a value built by its builder; builders validate every setting as it is made
 * ({@link java.lang.IllegalArgumentException} for a bad value, {@link java.lang.IllegalStateException}
 * for a repeated setting, quoting the earlier one). A layer holds no weights: a
 * {@link io.github.stackedrnn.model.StackedRnnModel} owns them, so one layer configuration may be used
 * in many models. A {@link io.github.stackedrnn.layer.NormalizationLayer} holds the statistics its
 * model's non-trainable weights start from, as an initializer says where trainable ones start.
 */
package io.github.stackedrnn.layer;
