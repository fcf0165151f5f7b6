package io.github.stackedrnn.bench;

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
 * One training step, {@code model.trainOnBatch(x, labels)}: forward, BPTT and an Adam update, on the
 * same fixed random batch every call (the weights keep changing, the shapes do not).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class TrainingStepBench {

    /** W1's model and batch. */
    @State(Scope.Benchmark)
    public static class W1Data extends ModelState {
        @Override
        Workload workload() {
            return Workload.W1;
        }

        @Override
        int batch(Workload w) {
            return w.trainBatch;
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
            return w.trainBatch;
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
            return w.trainBatch;
        }
    }

    /**
     * @param d the model and batch
     * @return the loss, so the call is not dead code
     */
    @Benchmark
    public double w1(W1Data d) {
        return d.model.trainOnBatch(d.x, d.labels);
    }

    /**
     * W2 is about 13 GFLOP a step: fewer, longer iterations.
     *
     * @param d the model and batch
     * @return the loss
     */
    @Benchmark
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 3, time = 4)
    public double w2(W2Data d) {
        return d.model.trainOnBatch(d.x, d.labels);
    }

    /**
     * @param d the model and batch
     * @return the loss
     */
    @Benchmark
    public double w3(W3Data d) {
        return d.model.trainOnBatch(d.x, d.labels);
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
            return w.trainBatch;
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
            return w.trainBatch;
        }
    }

    /**
     * @param d the model and batch
     * @return the loss
     */
    @Benchmark
    public double w4(W4Data d) {
        return d.model.trainOnBatch(d.x, d.labels);
    }

    /**
     * @param d the model and batch
     * @return the loss
     */
    @Benchmark
    public double w5(W5Data d) {
        return d.model.trainOnBatch(d.x, d.labels);
    }
}
