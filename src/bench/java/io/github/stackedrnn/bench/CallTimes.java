package io.github.stackedrnn.bench;

import io.github.stackedrnn.model.StackedRnnModel;
import io.github.stackedrnn.tensor.Tensor;

import java.util.Arrays;

/**
 * Every call's time, in order, for one workload: where JMH gives a mean and percentiles, this shows how the
 * times of a two-thread call move in phases on a shared machine (runs of calls at the one-thread time while
 * a core is slowed) and what the fastest calls reach; {@code latency} predicts one sequence. Prints one line: min, median, p90 in ms; with
 * {@code -Dsequence=true} also every call's time.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... io.github.stackedrnn.bench.CallTimes W3 train|inference|latency threads [warm calls]
 * </pre>
 */
public final class CallTimes {
    private CallTimes() {
    }

    public static void main(String[] args) {
        Workload w = Workload.valueOf(args[0]);
        boolean training = args[1].equals("train");
        StackedRnnModel model = w.model(Integer.parseInt(args[2]));
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        int calls = args.length > 4 ? Integer.parseInt(args[4]) : 400;
        int batch = training ? w.trainBatch : args[1].equals("latency") ? 1 : Workload.INFERENCE_BATCH;
        Tensor x = w.inputs(batch);
        int[] labels = w.labels(w.trainBatch);
        for (int i = 0; i < warm; i++) {
            call(model, training, x, labels);
        }
        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            call(model, training, x, labels);
            nanos[i] = System.nanoTime() - t0;
        }
        if (Boolean.getBoolean("sequence")) {
            StringBuilder line = new StringBuilder("sequence (ms):");
            for (long t : nanos) {
                line.append(String.format(" %.1f", t / 1e6));
            }
            System.out.println(line);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("%s %s threads=%s: min %.2f median %.2f p90 %.2f ms over %d calls%n", w, args[1], args[2],
                sorted[0] / 1e6, sorted[calls / 2] / 1e6, sorted[calls * 9 / 10] / 1e6, calls);
    }

    private static void call(StackedRnnModel model, boolean training, Tensor x, int[] labels) {
        if (training) {
            model.trainOnBatch(x, labels);
        } else {
            model.predict(x);
        }
    }
}
