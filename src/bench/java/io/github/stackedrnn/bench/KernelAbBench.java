package io.github.stackedrnn.bench;

import io.github.stackedrnn.tensor.MatrixKernels;

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
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * BENCH ONLY (experiments): one matrix product, variant A and B in alternation (A B, B A, ...), 64
 * products per timed batch; prints the median time of each and the ratio into {@code target/ab.txt}.
 * Shapes "m,k,n,t" (t = 1: the transposed-A weight-gradient product).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules=jdk.incubator.vector"})
public class KernelAbBench {

    /** Operands and timings. */
    @State(Scope.Benchmark)
    public static class K {
        /** mxkxnxT (T 1: transposed A). */
        @Param({"16x256x256x0"})
        public String shape;
        /** "a:b". */
        @Param({"0:1"})
        public String variants;
        int m;
        int k;
        int n;
        boolean trans;
        int va;
        int vb;
        float[] a;
        float[] b;
        float[] c;
        boolean measuring;
        boolean flip;
        long[] ta = new long[1 << 20];
        long[] tb = new long[1 << 20];
        int count;

        /** Random operands. */
        @Setup(Level.Trial)
        public void setUp() {
            String[] s = shape.split("x");
            m = Integer.parseInt(s[0]);
            k = Integer.parseInt(s[1]);
            n = Integer.parseInt(s[2]);
            trans = s[3].equals("1");
            String[] v = variants.split(":");
            va = Integer.parseInt(v[0]);
            vb = Integer.parseInt(v[1]);
            SplittableRandom r = new SplittableRandom(1);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextDouble(-1, 1);
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) r.nextDouble(-1, 1);
            }
        }

        /** @param ip the iteration */
        @Setup(Level.Iteration)
        public void iteration(IterationParams ip) {
            measuring = ip.getType() == IterationType.MEASUREMENT;
        }

        long run(int variant) {
            MatrixKernels.benchVariant = variant;
            long t0 = System.nanoTime();
            for (int r = 0; r < 64; r++) {
                if (trans) {
                    MatrixKernels.multTransAAdd(a, 0, b, 0, c, 0, m, k, n);
                } else {
                    MatrixKernels.multAdd(a, 0, b, 0, c, 0, m, k, n);
                }
            }
            return System.nanoTime() - t0;
        }

        /** Prints the comparison. */
        @TearDown(Level.Trial)
        public void report() throws IOException {
            long[] a1 = java.util.Arrays.copyOf(ta, count);
            long[] b1 = java.util.Arrays.copyOf(tb, count);
            java.util.Arrays.sort(a1);
            java.util.Arrays.sort(b1);
            double ma = a1[count / 2] / 64.0;
            double mb = b1[count / 2] / 64.0;
            double flop = 2.0 * m * k * n;
            String line = String.format(Locale.ROOT,
                    "KAB %s variants %d:%d  batches %d  median A %.2f us (%.1f GFLOP/s)  median B %.2f us (%.1f GFLOP/s)  speed B/A %.3f",
                    shape, va, vb, count, ma / 1e3, flop / ma, mb / 1e3, flop / mb, ma / mb);
            System.out.println(line);
            try (FileWriter f = new FileWriter("target/ab.txt", true)) {
                f.write(line + "\n");
            }
        }
    }

    /**
     * @param s the state
     * @return the times
     */
    @Benchmark
    public long ab(K s) {
        long a;
        long b;
        if (s.flip) {
            b = s.run(s.vb);
            a = s.run(s.va);
        } else {
            a = s.run(s.va);
            b = s.run(s.vb);
        }
        s.flip = !s.flip;
        if (s.measuring && s.count < s.ta.length) {
            s.ta[s.count] = a;
            s.tb[s.count] = b;
            s.count++;
        }
        return a + b;
    }
}
