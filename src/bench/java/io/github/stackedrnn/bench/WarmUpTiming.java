package io.github.stackedrnn.bench;

import io.github.stackedrnn.layer.DenseSoftmaxLayer;
import io.github.stackedrnn.layer.SimpleRnnLayer;
import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;
import io.github.stackedrnn.train.FitOptions;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Time to steady state in a fresh JVM, with and without {@link StackedRnnModel#warmUp()}: the tutorial
 * model (10 features, 3 × 50 tanh, softmax 4, 2 threads), then either 2,000 predictions of one sequence of
 * 20 steps, one at a time ({@code predict}), or the first {@code fit} (one epoch of 640 sequences, batch
 * 32). {@code bench/warmup.sh} runs it for both kernel paths and both JDKs. One line of key=value pairs.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp ... io.github.stackedrnn.bench.WarmUpTiming predict|fit warm|cold
 * </pre>
 */
public final class WarmUpTiming {
    private WarmUpTiming() {
    }

    public static void main(String[] args) {
        long jvmStart = System.nanoTime();
        String what = args[0];
        boolean warm = args[1].equals("warm");
        StackedRnnModel model = StackedRnnModel.builder().inputFeatures(10)
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).returnSequences(true).build())
                .add(SimpleRnnLayer.builder(50).build())
                .add(DenseSoftmaxLayer.builder(4).build())
                .threads(2).seed(42).build();
        long warmUpNanos = 0;
        if (warm) {
            long t0 = System.nanoTime();
            model.warmUp();
            warmUpNanos = System.nanoTime() - t0;
        }
        StringBuilder line = new StringBuilder();
        line.append("kernels=\"").append(StackedRnnModel.kernels().replaceAll(",.*", "")).append("\" java=").append(Runtime.version().feature())
                .append(" mode=").append(what).append(' ').append(args[1]).append(String.format(" warmUp_ms=%.0f", warmUpNanos / 1e6));
        if (what.equals("predict")) {
            int calls = 2000;
            long[] nanos = new long[calls];
            Tensor one = input(1, 20, 1);
            long start = System.nanoTime();
            long[] ends = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                model.predict(one);
                ends[i] = System.nanoTime();
                nanos[i] = ends[i] - t0;
            }
            long steady = median(Arrays.copyOfRange(nanos, calls - 500, calls));
            // steady state: the first call from which the median of 20 calls is within 1.5x the last 500 calls' median
            int from = 0;
            while (from + 20 < calls && median(Arrays.copyOfRange(nanos, from, from + 20)) > steady * 3 / 2) {
                from++;
            }
            double toSteady = from == 0 ? 0 : (ends[from - 1] - start) / 1e6;
            line.append(String.format(" first_us=%.0f median_1_10_us=%.0f steady_us=%.1f calls_to_steady=%d ms_to_steady=%.1f",
                    nanos[0] / 1e3, median(Arrays.copyOf(nanos, 10)) / 1e3, steady / 1e3, from, toSteady));
        } else {
            Tensor x = input(640, 20, 2);
            int[] labels = new int[640];
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = random.nextInt(4);
            }
            long t0 = System.nanoTime();
            model.fit(x, labels, FitOptions.builder().epochs(1).batchSize(32).build());
            long first = System.nanoTime() - t0;
            t0 = System.nanoTime();
            model.fit(x, labels, FitOptions.builder().epochs(1).batchSize(32).build());
            long second = System.nanoTime() - t0;
            line.append(String.format(" first_fit_ms=%.0f second_fit_ms=%.0f", first / 1e6, second / 1e6));
        }
        line.append(String.format(" total_ms=%.0f", (System.nanoTime() - jvmStart) / 1e6));
        System.out.println(line);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Tensor input(int samples, int time, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[samples * time * 10];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, samples, time, 10);
    }
}
