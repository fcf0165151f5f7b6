package io.github.stackedrnn.model;

import java.util.Arrays;

/**
 * Decides when a warm-up's calls run compiled and at a steady speed, from what its rounds report: no
 * clock and no JVM query of its own, so that a test can feed it made-up rounds.
 *
 * <p>Each round reports, for each kind of call it made, the call's time (the fastest of the round's
 * calls of that kind); when it ended; and what the JVM tells of its JIT: how many kernel methods it had
 * queued or was compiling then ({@link CompileQueue}), or where it cannot tell that, the bytes each call
 * allocated on the calling thread and the JIT's total compilation time. The warm-up is over, after at
 * least {@link #MIN_ROUNDS} rounds, when over the last {@link #STEADY_ROUNDS}:
 * <ul>
 *   <li>each kind's times are steady: the median of the newer half of these rounds is within the kind's
 *       factor of the lowest median of {@link #STEADY_ROUNDS} rounds seen (not a plateau slower than an
 *       earlier one), and the older half's median is within the factor of the newer half's (no longer
 *       falling);</li>
 *   <li>with the compile queue: no kernel method was queued or compiling at the end of any of them;</li>
 *   <li>without it, with allocation ceilings: each kind allocated at most its ceiling in each of them;</li>
 *   <li>without either: the JIT has finished no compilation for {@link #QUIET_NANOS} ns as well.</li>
 * </ul>
 *
 * <p>Why medians: one round in a few is slow for reasons that are not the JIT's (a GC, a batch's second
 * thread descheduled, a lucky fast round setting a best the others cannot reach); the extremes of a
 * window would restart the count at each of them. Why the queue: times alone cannot tell a kernel still
 * in C1 from a compiled one, since both run at a steady speed, and C2 may take a second over one kernel
 * while the others' times are flat. The queue says it the moment C2 is done. Allocation says it only for
 * the Vector API kernels (until C2 has compiled them they box every vector: megabytes per call), and the
 * JIT's silence only late, since the JIT compiles other code too, long after the kernels.
 */
final class SteadyState {
    /** The rounds that must be steady, the last ones. */
    static final int STEADY_ROUNDS = 10;
    /** Rounds at least. */
    static final int MIN_ROUNDS = 12;
    /** Without the compile queue or allocation ceilings, how long the JIT must have finished no compilation. */
    static final long QUIET_NANOS = 100_000_000L;

    private final double[] factors; // [kinds] a kind's medians are steady within this factor
    private final long[][] window; // [kinds][STEADY_ROUNDS] the last rounds' times, a ring
    private final long[] bestMedian; // [kinds] the lowest median of a full window seen
    private final long[] sorted = new long[STEADY_ROUNDS];
    private final long[] ceilings; // [kinds] bytes a compiled call allocates at most; null: not watched
    private int allocationsBelow;  // rounds in a row in which every kind allocated at most its ceiling
    private int kernelsCompiled;   // rounds in a row that ended with no kernel method queued or compiling
    private long compiled = -1;    // the JIT's total compilation time at the last round, ms
    private long lastCompiled;     // when that total last grew, ns
    private int rounds;

    /**
     * @param factors  for each kind of call a round reports (at least one), the factor within which its
     *                 times must be steady, more than 1
     * @param ceilings for each kind, the most bytes a compiled call allocates, used in rounds that cannot
     *                 tell the compile queue; null to decide on times and the JIT's silence there instead
     */
    SteadyState(double[] factors, long[] ceilings) {
        int kinds = factors.length;
        if (kinds < 1) {
            throw new IllegalArgumentException("Received an invalid value for argument `factors`, expected at least one factor, got none.");
        }
        for (double f : factors) {
            if (!(f > 1)) {
                throw new IllegalArgumentException("Received an invalid value for argument `factors`, expected factors above 1, got " + f + ".");
            }
        }
        this.factors = factors.clone();
        if (ceilings != null && ceilings.length != kinds) {
            throw new IllegalArgumentException("Expected " + kinds + " allocation ceilings, got " + ceilings.length + ".");
        }
        window = new long[kinds][STEADY_ROUNDS];
        bestMedian = new long[kinds];
        Arrays.fill(bestMedian, Long.MAX_VALUE);
        this.ceilings = ceilings == null ? null : ceilings.clone();
    }

    /** @return whether allocation decides (ceilings were given) where the compile queue cannot */
    boolean watchesAllocation() {
        return ceilings != null;
    }

    /** {@link #add(long[], long[], long, long, int)} for a round that cannot tell the compile queue. */
    boolean add(long[] nanos, long[] allocated, long endNanos, long compiledMillis) {
        return add(nanos, allocated, endNanos, compiledMillis, -1);
    }

    /**
     * Takes one round.
     *
     * @param nanos          the round's time of each kind of call, in the order of the constructor's kinds
     * @param allocated      the bytes each kind's call allocated, in the same order; ignored without ceilings
     * @param endNanos       when the round ended, on the clock of {@link System#nanoTime()}
     * @param compiledMillis the JVM's total compilation time then, or negative if it does not tell
     * @param pendingKernels the kernel methods the JIT had queued or was compiling then, or negative if
     *                       it does not tell
     * @return true once the calls are steady: the warm-up may stop
     */
    boolean add(long[] nanos, long[] allocated, long endNanos, long compiledMillis, int pendingKernels) {
        if (nanos.length != bestMedian.length) {
            throw new IllegalArgumentException("Expected " + bestMedian.length + " call times, got " + nanos.length + ".");
        }
        if (ceilings != null && allocated.length != bestMedian.length) {
            throw new IllegalArgumentException("Expected " + bestMedian.length + " allocations, got " + allocated.length + ".");
        }
        for (int k = 0; k < nanos.length; k++) {
            window[k][rounds % STEADY_ROUNDS] = nanos[k];
        }
        boolean boxing = false;
        for (int k = 0; ceilings != null && k < ceilings.length; k++) {
            boxing |= allocated[k] > ceilings[k];
        }
        allocationsBelow = boxing ? 0 : allocationsBelow + 1;
        kernelsCompiled = pendingKernels == 0 ? kernelsCompiled + 1 : 0;
        if (rounds == 0 || compiledMillis != compiled) {
            compiled = compiledMillis;
            lastCompiled = endNanos;
        }
        rounds++;
        if (rounds < STEADY_ROUNDS) {
            return false;
        }
        boolean timesSteady = true;
        int oldest = rounds % STEADY_ROUNDS; // the ring's oldest round is the one after the newest
        for (int k = 0; k < nanos.length; k++) {
            long median = median(window[k], 0, STEADY_ROUNDS);
            bestMedian[k] = Math.min(bestMedian[k], median);
            long older = median(window[k], oldest, STEADY_ROUNDS / 2);
            long newer = median(window[k], oldest + STEADY_ROUNDS / 2, STEADY_ROUNDS / 2);
            timesSteady &= newer <= bestMedian[k] * factors[k] && older <= newer * factors[k];
        }
        if (!timesSteady || rounds < MIN_ROUNDS) {
            return false;
        }
        if (pendingKernels >= 0) {
            return kernelsCompiled >= STEADY_ROUNDS;
        }
        if (ceilings != null) {
            return allocationsBelow >= STEADY_ROUNDS;
        }
        return compiledMillis < 0 || endNanos - lastCompiled >= QUIET_NANOS;
    }

    /** The lower median of {@code n} entries of the ring {@code ring} from index {@code from} on, wrapping. */
    private long median(long[] ring, int from, int n) {
        for (int i = 0; i < n; i++) {
            sorted[i] = ring[(from + i) % ring.length];
        }
        Arrays.sort(sorted, 0, n);
        return sorted[(n - 1) / 2];
    }

    /** @return the rounds taken so far */
    int rounds() {
        return rounds;
    }
}
