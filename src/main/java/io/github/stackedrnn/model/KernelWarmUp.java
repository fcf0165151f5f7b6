package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Runs a model's kernels until the JIT has compiled them, through the model's public methods only and
 * without changing it: predictions on synthetic inputs shaped like the model's (one sequence and a batch)
 * and the gradients of a batch ({@link StackedRnnModel#computeGradients}), which change no weight and no
 * optimizer state. Until C2 has compiled them, the Vector API kernels box every vector (a prediction
 * takes milliseconds instead of microseconds) and the scalar kernels run unvectorised.
 *
 * <p>It stops once the JIT has nothing left to compile and the calls run at a steady speed: after at
 * least {@value #MIN_ROUNDS} rounds of these calls, when the JVM's total compilation time
 * ({@link CompilationMXBean}) has not grown for {@value #QUIET_MILLIS} ms and the last
 * {@value #STABLE_ROUNDS} rounds each stayed within half again the fastest round; or after {@value #BUDGET_MILLIS} ms at the latest (a JIT
 * starved of CPU, or other threads compiling all the while).
 */
final class KernelWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(KernelWarmUp.class);
    static final int MIN_ROUNDS = 12;
    static final int STABLE_ROUNDS = 4;
    static final long BUDGET_MILLIS = 3000;
    static final long QUIET_MILLIS = 100;
    private static final int TIME_STEPS = 20;
    private static final int BATCH = 32;

    private KernelWarmUp() {
    }

    /** @return the rounds run */
    static int run(StackedRnnModel model) {
        long start = System.nanoTime();
        Tensor one = input(1, model.inputFeatures(), 1);
        Tensor batch = input(BATCH, model.inputFeatures(), 2);
        Tensor labels = firstClass(BATCH, model.outputsSequences(), model.classes());
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTime = jit != null && jit.isCompilationTimeMonitoringSupported();
        long compiled = -1;
        long lastCompiled = start;
        long best = Long.MAX_VALUE;
        int stable = 0;
        int rounds = 0;
        long deadline = start + BUDGET_MILLIS * 1_000_000L;
        while (true) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                model.predict(one);
            }
            model.predict(batch);
            model.computeGradients(batch, labels);
            long t1 = System.nanoTime();
            rounds++;
            long took = t1 - t0;
            long compiledNow = jitTime ? jit.getTotalCompilationTime() : 0;
            if (compiledNow != compiled) {
                compiled = compiledNow;
                lastCompiled = t1;
            }
            stable = took <= best + best / 2 ? stable + 1 : 0;
            best = Math.min(best, took);
            boolean jitQuiet = t1 - lastCompiled >= QUIET_MILLIS * 1_000_000L;
            if ((rounds >= MIN_ROUNDS && stable >= STABLE_ROUNDS && jitQuiet) || t1 > deadline) {
                break;
            }
        }
        LOG.debug("warm-up: {} rounds in {} ms, the last {} µs", rounds, (System.nanoTime() - start) / 1_000_000, best / 1000);
        return rounds;
    }

    private static Tensor input(int samples, int features, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[samples * TIME_STEPS * features];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return Tensor.of(data, samples, TIME_STEPS, features);
    }

    /** One-hot labels of class 0: valid for every head and loss (a one-hot row, a 0/1 target, a regression value). */
    private static Tensor firstClass(int samples, boolean perStep, int classes) {
        int rows = perStep ? samples * TIME_STEPS : samples;
        float[] data = new float[rows * classes];
        for (int r = 0; r < rows; r++) {
            data[r * classes] = 1f;
        }
        return perStep ? Tensor.of(data, samples, TIME_STEPS, classes) : Tensor.of(data, samples, classes);
    }
}
