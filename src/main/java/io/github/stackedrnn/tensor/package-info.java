/**
 * The {@link io.github.stackedrnn.tensor.Tensor} value type (float32, flat, row-major) and the static
 * kernels that compute on flat arrays.
 *
 * <p>Policy: a {@code Tensor} is immutable; every method that takes or returns one copies. Kernels
 * ({@link io.github.stackedrnn.tensor.MatrixKernels}, {@link io.github.stackedrnn.tensor.ActivationKernels})
 * work on {@code float[]} with explicit offsets so that a slice needs no new object; inputs come first,
 * the output last, and the suffix {@code Add} means the result is accumulated into the output.
 */
package io.github.stackedrnn.tensor;
