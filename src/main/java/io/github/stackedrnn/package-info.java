/**
 * Stacked recurrent neural networks in pure Java, with the semantics of Keras's {@code SimpleRNN} and
 * {@code Dense(activation='softmax')}.
 *
 * <p>Start at {@link io.github.stackedrnn.model.StackedRnnModel#builder()}. Sequences are always laid
 * out {@code [batch, time, features]}, row-major, float32. The packages:
 * <ul>
 *   <li>{@link io.github.stackedrnn.tensor}: the {@code Tensor} value type and the dense kernels;</li>
 *   <li>{@link io.github.stackedrnn.layer}: immutable layer configurations;</li>
 *   <li>{@link io.github.stackedrnn.model}: the model, its builder, its summary and gradients;</li>
 *   <li>{@link io.github.stackedrnn.loss}: categorical cross-entropy;</li>
 *   <li>{@link io.github.stackedrnn.optim}: optimizers (Adam);</li>
 *   <li>{@link io.github.stackedrnn.train}: fit options, training history and evaluation results.</li>
 * </ul>
 */
package io.github.stackedrnn;
