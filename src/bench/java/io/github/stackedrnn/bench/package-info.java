/**
 * JMH benchmarks of the library on the workloads of issue 3, compiled and run only with the Maven
 * profile {@code bench} (see {@code bench/README.md}):
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec -Djmh.args="..."
 * </pre>
 *
 * <p>{@link io.github.stackedrnn.bench.Workload} holds the shapes and the floating-point operation counts;
 * {@link io.github.stackedrnn.bench.ModelState} builds a model and a batch for each combination of the
 * parameters {@code threads} (1, 2) and {@code kernels} ({@code scalar}, {@code vector});
 * {@link io.github.stackedrnn.bench.TrainingStepBench}, {@link io.github.stackedrnn.bench.InferenceBench}
 * and {@link io.github.stackedrnn.bench.LatencyBench} time one call each in JMH's sample-time mode, so
 * {@code bench/report.py} can turn the median call time into samples per second and GFLOP/s, the same
 * statistic {@code bench/pytorch_reference.py} measures.
 */
package io.github.stackedrnn.bench;
