package io.github.stackedrnn.bench.peers;

import ai.onnxruntime.OrtException;
import io.github.stackedrnn.bench.Workload;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** ONNX Runtime Java's single-sequence latency, timed like {@code LatencyBench}. */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// -Xss64m: creating the ONNX Runtime environment recurses deeper than the default 1 MiB (and 4 MiB) thread
// stack on this machine and dies of a stack overflow (SIGSEGV, no hs_err file); 16 MiB was enough
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xss64m"})
public class OrtLatencyBench {

    /** W1's network and one sequence. */
    @State(Scope.Benchmark)
    public static class W1Data extends OrtState {
        @Override
        Workload workload() {
            return Workload.W1;
        }

        @Override
        int batch() {
            return 1;
        }
    }

    /** W2's network and one sequence. */
    @State(Scope.Benchmark)
    public static class W2Data extends OrtState {
        @Override
        Workload workload() {
            return Workload.W2;
        }

        @Override
        int batch() {
            return 1;
        }
    }

    /**
     * @param d the session and sequence
     * @return the probabilities
     * @throws OrtException if ONNX Runtime fails
     */
    @Benchmark
    public float[] w1(W1Data d) throws OrtException {
        return d.run();
    }

    /**
     * @param d the session and sequence
     * @return the probabilities
     * @throws OrtException if ONNX Runtime fails
     */
    @Benchmark
    public float[] w2(W2Data d) throws OrtException {
        return d.run();
    }
}
