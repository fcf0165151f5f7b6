package io.github.stackedrnn.bench;

import io.github.stackedrnn.model.RnnState;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Serving the tutorial model (W1): the latency of one {@code step} of one stream, and the throughput
 * of {@code predict} on single sequences when one or two request threads share one model (each call
 * single-threaded, {@code threads(1)}, as a server with a thread per request would run it).
 * Always on the Vector API kernels.
 *
 * <pre>
 * mvn -B -q -Pbench test-compile exec:exec -Djmh.args="ServingBench"
 * </pre>
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class ServingBench {

    /** The shared model and one sequence of the tutorial task. */
    @State(Scope.Benchmark)
    public static class Shared {
        StackedRnnModel model;
        Tensor sequence; // [1, 20, 10]
        Tensor event;    // [1, 10]

        /** Builds the model and inputs. */
        @Setup(Level.Trial)
        public void setUp() {
            model = Workload.W1.model(1);
            sequence = Workload.W1.inputs(1);
            float[] e = new float[10];
            sequence.copyTo(0, e, 0, 10);
            event = Tensor.of(e, 1, 10);
        }
    }

    /** One stream's state, per request thread. */
    @State(Scope.Thread)
    public static class Stream {
        RnnState state;

        /**
         * @param shared the model
         */
        @Setup(Level.Iteration)
        public void setUp(Shared shared) {
            state = shared.model.newState(1);
        }
    }

    /**
     * @param shared the model and event
     * @param stream this thread's stream
     * @return the output for the step
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Tensor stepLatency(Shared shared, Stream stream) {
        return shared.model.step(stream.state, shared.event);
    }

    /**
     * @param shared the model and sequence
     * @return the probabilities
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    public Tensor predictOneThread(Shared shared) {
        return shared.model.predict(shared.sequence);
    }

    /**
     * @param shared the model and sequence
     * @return the probabilities
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(2)
    public Tensor predictTwoThreads(Shared shared) {
        return shared.model.predict(shared.sequence);
    }
}
