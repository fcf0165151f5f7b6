package io.github.stackedrnn.bench;

import io.github.stackedrnn.tensor.Tensor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Batched inference, {@code model.predict(x)} on {@value Workload#INFERENCE_BATCH} sequences of the
 * workload's length. The returned probabilities {@code [256, classes]} are a fresh tensor each call,
 * so a few kilobytes per call are the API's, not the engine's.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class InferenceBench {

    /** W1's model and batch. */
    @State(Scope.Benchmark)
    public static class W1Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W1;
        }

        @Override
        int batch(Workload w) {
            return Workload.INFERENCE_BATCH;
        }
    }

    /** W2's model and batch. */
    @State(Scope.Benchmark)
    public static class W2Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W2;
        }

        @Override
        int batch(Workload w) {
            return Workload.INFERENCE_BATCH;
        }
    }

    /** W3's model and batch. */
    @State(Scope.Benchmark)
    public static class W3Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W3;
        }

        @Override
        int batch(Workload w) {
            return Workload.INFERENCE_BATCH;
        }
    }

    /**
     * @param d the model and batch
     * @return the probabilities, so the call is not dead code
     */
    @Benchmark
    public Tensor w1(W1Data d) {
        return d.model.predict(d.x);
    }

    /**
     * W2 is about 1.1 GFLOP a call: longer iterations.
     *
     * @param d the model and batch
     * @return the probabilities
     */
    @Benchmark
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public Tensor w2(W2Data d) {
        return d.model.predict(d.x);
    }

    /**
     * @param d the model and batch
     * @return the probabilities
     */
    @Benchmark
    public Tensor w3(W3Data d) {
        return d.model.predict(d.x);
    }

    /** W4's model and batch. */
    @State(Scope.Benchmark)
    public static class W4Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W4;
        }

        @Override
        int batch(Workload w) {
            return Workload.INFERENCE_BATCH;
        }
    }

    /** W5's model and batch. */
    @State(Scope.Benchmark)
    public static class W5Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W5;
        }

        @Override
        int batch(Workload w) {
            return Workload.INFERENCE_BATCH;
        }
    }

    /**
     * @param d the model and batch
     * @return the probabilities
     */
    @Benchmark
    public Tensor w4(W4Data d) {
        return d.model.predict(d.x);
    }

    /**
     * @param d the model and batch
     * @return the probabilities
     */
    @Benchmark
    public Tensor w5(W5Data d) {
        return d.model.predict(d.x);
    }
}
