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
 * Single-sequence latency, {@code model.predict(x)} with a batch of one: what a service answering one
 * request at a time waits. {@code bench/report.py} reads the median call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class LatencyBench {

    /** W1's model and sequence. */
    @State(Scope.Benchmark)
    public static class W1Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W1;
        }

        @Override
        int batch(Workload w) {
            return 1;
        }
    }

    /** W2's model and sequence. */
    @State(Scope.Benchmark)
    public static class W2Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W2;
        }

        @Override
        int batch(Workload w) {
            return 1;
        }
    }

    /**
     * @param d the model and sequence
     * @return the probabilities, so the call is not dead code
     */
    @Benchmark
    public Tensor w1(W1Data d) {
        return d.model.predict(d.x);
    }

    /**
     * @param d the model and sequence
     * @return the probabilities
     */
    @Benchmark
    public Tensor w2(W2Data d) {
        return d.model.predict(d.x);
    }
}
