package io.github.stackedrnn.model;

import io.github.stackedrnn.tensor.MatrixKernels;
import io.github.stackedrnn.tensor.Tensor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Runs a model's kernels until the JIT has compiled them, through the model's public methods only and
 * without changing it. Each round makes the calls a served or trained model makes, on synthetic inputs
 * of {@value #TIME_STEPS} steps shaped like the model's: {@value #ONE_CALLS} predictions of one sequence
 * (on the calling thread, as a request is served), then a prediction of a batch and that batch's
 * gradients ({@link StackedRnnModel#computeGradients}, which changes no weight and no optimizer state) on
 * the model's threads, as {@code predict} and {@code fit} run them; the batch is 8 and 16 in the first two
 * rounds (they run interpreted, where a batch of 32 and its gradients can take a second) and
 * {@value #BATCH} from then on. The gradients are there for the first {@code fit}, which would otherwise
 * start cold: on the Vector API path many times slower (README, <i>Speed</i>).
 *
 * <p>{@link SteadyState} decides when to stop, from each round's fastest one-sequence prediction, the
 * batch's and the gradients' times, and whether the JIT still had a kernel method queued or compiling at
 * the end of the round ({@link CompileQueue}, HotSpot's {@code Compiler.queue}). Where the JVM does not
 * tell its queue: on the Vector API path what each call allocated on the calling thread (until C2 has
 * compiled them, the Vector API kernels box every vector: megabytes per call instead of about the
 * result), on the scalar path the JVM's total compilation time. After
 * {@value #BUDGET_MILLIS} ms it stops whatever the calls do (a JIT starved of CPU), leaving out the rest
 * of the round.
 */
final class KernelWarmUp {
    static final long BUDGET_MILLIS = 3000;
    static final int ONE_CALLS = 16;
    /** The fastest of a round's one-sequence predictions is steady to within 30%. */
    static final double ONE_FACTOR = 1.3;
    /**
     * A batch's calls, one per round on two threads, jitter more under load (the medians SteadyState
     * compares leave single slow rounds out); that a kernel left C1 shows in the compile queue.
     */
    static final double BATCH_FACTOR = 1.5;
    static final int TIME_STEPS = 20;
    static final int BATCH = 32;
    /** The batch of each of the first rounds, then of all: {@value #BATCH}. */
    private static final int[] RAMP = {8, 16, BATCH};
    /**
     * What a compiled call may allocate on the calling thread beyond its results: a few small objects,
     * with room to spare; a kernel that still boxes allocates megabytes (bench/README.md has the figures).
     */
    static final long ALLOCATION_SLACK = 32 * 1024;

    private KernelWarmUp() {
    }

    /** @return the rounds run, the last one cut short if the budget ran out in it */
    static int run(StackedRnnModel model) {
        long start = System.nanoTime(); // the budget counts the set-up too (loading the management beans)
        // the allocation tells only on the Vector API path (see SteadyState)
        LongSupplier allocated = MatrixKernels.vectorized() && allocationWatched() ? ThreadAllocation::currentThreadBytes : null;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        LongSupplier compiled = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> -1;
        return run(model, System::nanoTime, allocated, compiled, KernelWarmUp::openQueue, start);
    }

    /**
     * @param clock     nanoseconds, as {@link System#nanoTime()}
     * @param allocated the bytes the calling thread has allocated so far, or null to decide on times and
     *                  the JIT's silence
     * @param compiled  the JVM's total compilation time in ms, or -1
     * @return the rounds run, the last one cut short if the budget ran out in it
     */
    static int run(StackedRnnModel model, LongSupplier clock, LongSupplier allocated, LongSupplier compiled) {
        return run(model, clock, allocated, compiled, () -> null, clock.getAsLong());
    }

    /**
     * @param queue opens the JIT's compile queue once the first round is over (the first round feeds the
     *              JIT; opening the queue starts the JVM's MBean server, tens of ms): a supplier of the
     *              kernel methods queued or compiling, or null where the JVM does not tell
     */
    static int run(StackedRnnModel model, LongSupplier clock, LongSupplier allocated, LongSupplier compiled,
                   Supplier<IntSupplier> queue) {
        return run(model, clock, allocated, compiled, queue, clock.getAsLong());
    }

    private static int run(StackedRnnModel model, LongSupplier clock, LongSupplier allocated, LongSupplier compiled,
                           Supplier<IntSupplier> queue, long start) {
        long deadline = start + BUDGET_MILLIS * 1_000_000L;
        Tensor one = input(1, model.inputFeatures(), 1);
        // the first rounds run interpreted, where a batch of 32 and its gradients take up to a second:
        // smaller batches there get the kernels to the JIT sooner; the chunks' shapes stay those of 32
        Tensor[] batches = new Tensor[RAMP.length];
        Tensor[] labels = new Tensor[RAMP.length];
        for (int i = 0; i < RAMP.length; i++) {
            batches[i] = input(RAMP[i], model.inputFeatures(), 2);
            labels[i] = firstClass(RAMP[i], model.outputsSequences(), model.classes());
        }
        SteadyState steady = new SteadyState(new double[] {ONE_FACTOR, BATCH_FACTOR, BATCH_FACTOR},
                allocated != null ? allocationCeilings(model) : null);
        long[] nanos = new long[3];
        long[] bytes = new long[3];
        boolean done = false;
        int rounds = 0;
        IntSupplier pending = null;
        long end;
        while (true) {
            rounds++;
            long fastest = Long.MAX_VALUE;
            long least = Long.MAX_VALUE;
            for (int i = 0; i < ONE_CALLS; i++) {
                long a0 = read(allocated);
                long t0 = clock.getAsLong();
                model.predict(one);
                long t1 = clock.getAsLong();
                fastest = Math.min(fastest, t1 - t0);
                least = Math.min(least, read(allocated) - a0);
            }
            nanos[0] = fastest;
            bytes[0] = least;
            int b = Math.min(rounds - 1, RAMP.length - 1);
            long a0 = read(allocated);
            long t0 = clock.getAsLong();
            // past the budget, the round's other calls are left out: the budget is a bound, not a goal
            if (t0 - deadline > 0) {
                end = t0;
                break;
            }
            model.predict(batches[b]);
            long t1 = clock.getAsLong();
            long a1 = read(allocated);
            if (t1 - deadline > 0) {
                end = t1;
                break;
            }
            model.computeGradients(batches[b], labels[b]);
            long t2 = clock.getAsLong();
            nanos[1] = t1 - t0;
            nanos[2] = t2 - t1;
            bytes[1] = a1 - a0;
            bytes[2] = read(allocated) - a1;
            if (rounds == 1) {
                pending = queue.get();
            }
            done = steady.add(nanos, bytes, t2, compiled.getAsLong(), pending != null ? pending.getAsInt() : -1);
            if (done || t2 - deadline > 0) {
                end = t2;
                break;
            }
        }
        // the logger is looked up here, not when the class loads: if SLF4J starts up with the first
        // logger (it can take a few hundred ms), the budget has counted that too
        Logger log = LoggerFactory.getLogger(KernelWarmUp.class);
        log.debug("warm-up: {} rounds in {} ms, {} ({}); one sequence {} µs, a batch {} µs, its gradients {} µs",
                rounds, (end - start) / 1_000_000, done ? "steady" : "out of time",
                pending != null ? "times and the compile queue" : steady.watchesAllocation() ? "times and allocation" : "times and the JIT's silence",
                nanos[0] / 1000, nanos[1] / 1000, nanos[2] / 1000);
        return rounds;
    }

    private static IntSupplier openQueue() {
        CompileQueue queue = CompileQueue.open();
        return queue != null ? queue::pendingKernels : null;
    }

    private static long read(LongSupplier allocated) {
        return allocated != null ? allocated.getAsLong() : 0;
    }

    /**
     * The most a compiled call allocates on the calling thread: its results, twice, and
     * {@link #ALLOCATION_SLACK}; for a prediction of one sequence, of the batch, and for the batch's
     * gradients (a gradient per weight and for the input).
     */
    static long[] allocationCeilings(StackedRnnModel model) {
        long perSample = (long) (model.outputsSequences() ? TIME_STEPS : 1) * model.classes();
        long gradients = model.parameterCount() + (long) BATCH * TIME_STEPS * model.inputFeatures();
        return new long[] {
            ALLOCATION_SLACK + 2 * perSample * Float.BYTES,
            ALLOCATION_SLACK + 2 * BATCH * perSample * Float.BYTES,
            ALLOCATION_SLACK + 2 * gradients * Float.BYTES
        };
    }

    private static boolean allocationWatched() {
        try {
            return ThreadAllocation.available();
        } catch (LinkageError e) {
            return false; // no jdk.management: times alone decide
        }
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
