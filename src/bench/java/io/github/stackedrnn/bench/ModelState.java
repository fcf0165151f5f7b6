package io.github.stackedrnn.bench;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A model of one workload and a fixed random batch for it, built once per fork. The concrete states
 * (nested in each benchmark class) say which workload and how many sequences.
 *
 * <p>Every fork starts with {@code --add-modules jdk.incubator.vector} (see the benchmarks'
 * {@code @Fork}); {@code kernels=scalar} turns the Vector API kernels off with
 * {@code -Dstackedrnn.vector=false}, set before the library's kernels are first loaded. The setup
 * checks that the kernels in use are the ones asked for, so a result is never labelled wrongly.
 */
@State(Scope.Benchmark)
public abstract class ModelState {
    /** The model's {@code threads} setting. */
    @Param({"1", "2"})
    public int threads;

    /** {@code scalar} or {@code vector}: which matrix kernels the library uses. */
    @Param({"scalar", "vector"})
    public String kernels;

    StackedRnnModel model;
    Tensor x; // [B, T, F]
    int[] labels; // [B]

    abstract Workload workload();

    /**
     * @param w the workload
     * @return sequences per call
     */
    abstract int batch(Workload w);

    /** Chooses the kernels, then builds the model and the batch. */
    @Setup(Level.Trial)
    public void setUp() {
        switch (kernels) {
            case "scalar":
                System.setProperty("stackedrnn.vector", "false");
                break;
            case "vector":
                break;
            default:
                throw new IllegalArgumentException("kernels must be scalar or vector but got " + kernels);
        }
        if (MatrixKernels.vectorized() != kernels.equals("vector")) {
            throw new IllegalStateException("asked for " + kernels + " kernels but the library uses "
                    + MatrixKernels.implementation() + (kernels.equals("vector")
                    ? ": the fork needs --add-modules jdk.incubator.vector and no -Dstackedrnn.vector=false "
                    + "(a -jvmArgsAppend option replaces the benchmarks' own; use -jvmArgsPrepend)"
                    : ": the kernels were loaded before -Dstackedrnn.vector=false was set"));
        }
        Workload w = workload();
        int batch = batch(w);
        model = w.model(threads);
        x = w.inputs(batch);
        labels = w.labels(batch);
    }
}
