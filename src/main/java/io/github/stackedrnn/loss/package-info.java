/**
 * Loss functions. {@link io.github.stackedrnn.loss.CategoricalCrossEntropy} computes the loss from the
 * logits with a stable log-softmax and the fused gradient {@code (p - y) / N}, which is what Keras
 * computes on its TensorFlow backend.
 */
package io.github.stackedrnn.loss;
