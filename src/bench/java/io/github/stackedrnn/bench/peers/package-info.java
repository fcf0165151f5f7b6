/**
 * Peers timed by the same JMH harness as the library, for {@code bench/compare.sh}: ONNX Runtime Java
 * ({@code com.microsoft.onnxruntime:onnxruntime}, a test dependency of the Maven profile {@code bench}
 * only) running the PyTorch networks that {@code bench/peers/export_onnx.py} exports.
 */
package io.github.stackedrnn.bench.peers;
