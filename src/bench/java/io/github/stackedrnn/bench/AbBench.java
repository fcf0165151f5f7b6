package io.github.stackedrnn.bench;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.FileWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * BENCH ONLY (experiments): variant A and variant B ({@link MatrixKernels#benchVariant}) on two models of
 * the same workload, call by call in alternation (A B, then B A), in one fork: both see the same load
 * on a shared machine. Each variant's per-call times of the measured iterations are kept; the
 * teardown prints and appends to {@code target/ab.txt} the medians, samples/s and the ratio B/A.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class AbBench {

    /** The two models, the batch, and the timings. */
    @State(Scope.Benchmark)
    public static class Ab {
        /** W1train, W2train, W3train, W1infer, W2infer, W3infer. */
        @Param({"W1train"})
        public String what;
        /** The model's threads. */
        @Param({"2"})
        public int threads;
        /** Variant A and B, as "a:b". */
        @Param({"0:1"})
        public String variants;

        int va;
        int vb;
        boolean train;
        int batch;
        StackedRnnModel ma;
        StackedRnnModel mb;
        Tensor x;
        int[] labels;
        boolean measuring;
        boolean flip;
        final List<Long> ta = new ArrayList<>();
        final List<Long> tb = new ArrayList<>();
        final List<Double> pair = new ArrayList<>();

        /** Builds both models. */
        @Setup(Level.Trial)
        public void setUp() {
            if (!MatrixKernels.vectorized()) {
                throw new IllegalStateException("vector kernels expected");
            }
            String[] v = variants.split(":");
            va = Integer.parseInt(v[0]);
            vb = Integer.parseInt(v[1]);
            Workload w = Workload.valueOf(what.substring(0, 2));
            train = what.endsWith("train");
            batch = train ? w.trainBatch : Workload.INFERENCE_BATCH;
            ma = w.model(threads);
            mb = w.model(threads);
            x = w.inputs(batch);
            labels = w.labels(batch);
        }

        /** @param ip which kind of iteration starts */
        @Setup(Level.Iteration)
        public void iteration(IterationParams ip) {
            measuring = ip.getType() == IterationType.MEASUREMENT;
        }

        long call(int variant, StackedRnnModel m) {
            MatrixKernels.benchVariant = variant;
            long t0 = System.nanoTime();
            if (train) {
                m.trainOnBatch(x, labels);
            } else {
                m.predict(x);
            }
            return System.nanoTime() - t0;
        }

        /** Prints the comparison. */
        @TearDown(Level.Trial)
        public void report() throws IOException {
            double a = median(ta);
            double b = median(tb);
            double[] pr = pair.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String line = String.format(Locale.ROOT,
                    "AB %s threads=%d variants %d:%d  calls %d  median A %.3f ms (%.1f samples/s)  median B %.3f ms (%.1f samples/s)"
                            + "  speed B/A %.3f  median of paired B/A %.3f",
                    what, threads, va, vb, ta.size(), a / 1e6, batch / (a / 1e9), b / 1e6, batch / (b / 1e9), a / b,
                    pr.length == 0 ? Double.NaN : pr[pr.length / 2]);
            System.out.println(line);
            try (FileWriter f = new FileWriter("target/ab.txt", true)) {
                f.write(line + "\n");
            }
        }

        private static double median(List<Long> t) {
            long[] s = t.stream().mapToLong(Long::longValue).sorted().toArray();
            return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
        }
    }

    /**
     * One A call and one B call, in alternating order.
     *
     * @param s the state
     * @return nothing useful
     */
    @Benchmark
    public long ab(Ab s) {
        long a;
        long b;
        if (s.flip) {
            b = s.call(s.vb, s.mb);
            a = s.call(s.va, s.ma);
        } else {
            a = s.call(s.va, s.ma);
            b = s.call(s.vb, s.mb);
        }
        s.flip = !s.flip;
        if (s.measuring) {
            s.ta.add(a);
            s.tb.add(b);
            s.pair.add((double) a / b);
        }
        return a + b;
    }
}
